package kraken.scaling;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import kraken.grid.Grid;
import kraken.grid.GridMap;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Exactly one active scaler per cluster: a lease in the grid ({@link GridMap#SCALER_LEASE}) holding the active
 * scaler's node id with a time to live. Taking and renewing are one atomic entry processor on the key (take it if it
 * is free or already ours, and reset its time to live), so two scalers can never both believe they hold it while
 * the grid is whole. A node that dies stops renewing; its lease expires and the next scaler to try takes it.
 * A scaler that cannot reach the grid considers itself not active.
 */
final class ScalerLease {

  static final String KEY = "active";

  private final IMap<String, String> leases;
  private final String nodeId;
  private final long ttlMs;
  private final Context context;

  ScalerLease(Grid grid, String nodeId, long ttlMs, Context context) {
    this.leases = grid.map(GridMap.SCALER_LEASE);
    this.nodeId = nodeId;
    this.ttlMs = ttlMs;
    this.context = context;
  }

  /** Takes or renews the lease; answers the holder after the attempt (this node's id when it is active). */
  Future<String> tryHold() {
    return Future.fromCompletionStage(leases.submitToKey(KEY, new Take(nodeId, ttlMs)), context);
  }

  /** Gives the lease up at once (a clean stop), so that another scaler need not wait for it to expire. */
  Future<Boolean> release() {
    return Future.fromCompletionStage(leases.submitToKey(KEY, new Release(nodeId)), context);
  }

  /** Removes the lease if this holder has it (setting null deletes the entry); true if it did. */
  static final class Release implements EntryProcessor<String, String, Boolean> {

    private static final long serialVersionUID = 1L;
    private final String holder;

    Release(String holder) {
      this.holder = holder;
    }

    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      if (holder.equals(entry.getValue())) {
        entry.setValue(null);
        return true;
      }
      return false;
    }
  }

  /** Takes the lease if it is free or already this holder's, with a fresh time to live; returns the holder. */
  static final class Take implements EntryProcessor<String, String, String> {

    private static final long serialVersionUID = 1L;
    private final String holder;
    private final long ttlMs;

    Take(String holder, long ttlMs) {
      this.holder = holder;
      this.ttlMs = ttlMs;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      String current = entry.getValue();
      if (current == null || current.equals(holder)) {
        ((ExtendedMapEntry<String, String>) entry).setValue(holder, ttlMs, TimeUnit.MILLISECONDS);
        return holder;
      }
      return current;
    }
  }
}
