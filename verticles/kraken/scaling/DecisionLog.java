package kraken.scaling;

import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import kraken.bus.ScalingDecision;
import kraken.grid.Grid;
import kraken.grid.GridRingbuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recent scaling decisions, shared by the cluster: a Hazelcast ring buffer ({@link GridRingbuffer#SCALING_DECISIONS},
 * {@code scaling.decisionsKept} long, one backup) of decisions as JSON text. The active scaler appends; the tactical
 * API of any node reads it, newest first. When it is full the oldest decision is overwritten: PostgreSQL, when
 * configured, keeps them all.
 */
public final class DecisionLog {

  /** One page, newest first, of the decisions matching the filter; {@code total} counts all of them. */
  public record Page(List<ScalingDecision> decisions, int total) {
  }

  private static final int READ_CHUNK = 1000;

  private final Ringbuffer<String> ring;
  private final Context context;

  public DecisionLog(Grid grid, Context context) {
    this.ring = grid.ringbuffer(GridRingbuffer.SCALING_DECISIONS);
    this.context = context;
  }

  public Future<Long> append(ScalingDecision decision) {
    return Future.fromCompletionStage(ring.addAsync(decision.toJson().encode(), OverflowPolicy.OVERWRITE), context);
  }

  /**
   * Newest first, skipping {@code offset}, at most {@code limit}; only decisions of {@code policy} (namespace/name)
   * when it is not null. Reads the whole buffer (bounded by {@code scaling.decisionsKept}) on a worker.
   */
  public Future<Page> page(String policy, int offset, int limit) {
    return context.owner().executeBlocking(() -> {
      List<ScalingDecision> matching = new ArrayList<>();
      long head = ring.headSequence();
      long tail = ring.tailSequence();
      for (long from = head; from <= tail; ) {
        ReadResultSet<String> chunk = ring.readManyAsync(from, 0, READ_CHUNK, null).toCompletableFuture().get();
        if (chunk.readCount() == 0) {
          break;
        }
        for (String item : chunk) {
          ScalingDecision decision = ScalingDecision.fromJson(new JsonObject(item));
          if (policy == null || policy.equals(decision.policy())) {
            matching.add(decision);
          }
        }
        from = chunk.getNextSequenceToReadFrom();
      }
      Collections.reverse(matching);
      int first = Math.min(offset, matching.size());
      return new Page(List.copyOf(matching.subList(first, Math.min(matching.size(), first + limit))), matching.size());
    }, false);
  }
}
