package kraken.tactical;

import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.grid.GridMap;
import kraken.ops.Meters;
import kraken.storage.OperatorRow;
import kraken.storage.PictureStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Moves the operator records this node owns from the grid ({@link GridMap#OPERATOR_RECORDS}) to PostgreSQL: every
 * {@code persistence.flushMs} it reads up to {@link #BATCH} of its own keys ({@code localKeySet}, so each record has
 * one writer), writes them in one transaction (idempotent by record id) and removes them from the grid only after
 * the commit. While PostgreSQL is away the records stay in the grid, backed up, and the flusher retries with backoff
 * (100 ms doubling to 5 s): an acknowledged record is never dropped. Run on the tactical verticle's event loop.
 */
final class OperatorRecordFlusher {

  static final int BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRecordFlusher.class);
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Vertx vertx;
  private final IMap<String, OperatorRecord> records;
  private final PictureStore store;
  private final Counter written;
  private final long timer;
  private Future<Void> current = Future.succeededFuture();
  private boolean flushing;
  private volatile int pending;
  private long backoffMs;
  private long retryAt;
  private Outage outage;

  private OperatorRecordFlusher(Vertx vertx, Grid grid, PictureStore store, JsonObject config, MeterRegistry meters) {
    this.vertx = vertx;
    this.records = grid.map(GridMap.OPERATOR_RECORDS);
    this.store = store;
    this.written = Meters.operatorRecordsWritten(meters);
    Meters.operatorRecordsPending(meters, () -> pending);
    this.timer = vertx.setPeriodic(Settings.PERSISTENCE_FLUSH_MS.from(config), id -> flush());
  }

  /** A flusher writing to {@code postgres.uri}; call from the owning verticle's context. */
  static OperatorRecordFlusher start(Vertx vertx, Grid grid, JsonObject config, MeterRegistry meters) {
    PictureStore store = PictureStore.create(vertx, config);
    LOG.info("operator records: written from the grid to PostgreSQL at {} every {} ms, at most {} waiting ({})",
      store.address(), Settings.PERSISTENCE_FLUSH_MS.from(config), Settings.OPERATOR_MAX_PENDING_RECORDS.from(config),
      Settings.OPERATOR_MAX_PENDING_RECORDS.key());
    return new OperatorRecordFlusher(vertx, grid, store, config, meters);
  }

  /** PostgreSQL away since the first failed write, with the last error; empty while writes succeed. */
  Optional<Outage> outage() {
    return Optional.ofNullable(outage);
  }

  /** Records this node owned that waited for PostgreSQL at its last look. */
  int pending() {
    return pending;
  }

  /** Stops the timer, lets the flush under way end, makes one last attempt, and closes the pool; never fails. */
  Future<Void> stop() {
    vertx.cancelTimer(timer);
    retryAt = 0;
    return idle().compose(v -> {
      flush();
      return current;
    }).recover(failure -> Future.succeededFuture()).eventually(store::close);
  }

  private Future<Void> idle() {
    return current.transform(ignored -> flushing ? idle() : Future.<Void>succeededFuture());
  }

  private void flush() {
    if (flushing || System.currentTimeMillis() < retryAt) {
      return;
    }
    flushing = true;
    current = vertx.executeBlocking(this::ownedBatch, false)
      .compose(batch -> batch.isEmpty() ? Future.succeededFuture(batch)
        : store.writeOperatorRecords(batch.stream().map(OperatorRecord::row).toList())
          .compose(v -> vertx.executeBlocking(() -> forget(batch), false)))
      .onComplete(done -> flushing = false)
      .onSuccess(this::wrote)
      .onFailure(this::failed)
      .mapEmpty();
  }

  /** Up to BATCH of the records whose primary copy this member holds. */
  private List<OperatorRecord> ownedBatch() {
    Set<String> owned = records.localKeySet();
    pending = owned.size();
    Set<String> batch = new HashSet<>();
    for (String key : owned) {
      if (batch.size() == BATCH) {
        break;
      }
      batch.add(key);
    }
    Collection<OperatorRecord> found = batch.isEmpty() ? List.of() : records.getAll(batch).values();
    return new ArrayList<>(found);
  }

  /** Removes what PostgreSQL committed; each removal waits for its backup, like the put that took it. */
  private List<OperatorRecord> forget(List<OperatorRecord> batch) {
    batch.forEach(record -> records.delete(record.id()));
    pending = Math.max(0, pending - batch.size());
    return batch;
  }

  private void wrote(List<OperatorRecord> batch) {
    written.increment(batch.size());
    backoffMs = 0;
    retryAt = 0;
    if (outage != null) {
      LOG.info("operator records: PostgreSQL at {} answers again after {} ms: {} written, {} still waiting",
        store.address(), System.currentTimeMillis() - outage.since(), batch.size(), pending);
      outage = null;
    }
  }

  private void failed(Throwable failure) {
    backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    retryAt = System.currentTimeMillis() + backoffMs;
    if (outage == null) {
      LOG.warn("operator records: {}; {} wait in the grid (backed up) and are written when it answers, retrying "
        + "with backoff", failure.getMessage(), pending);
    }
    outage = new Outage(outage == null ? System.currentTimeMillis() : outage.since(), String.valueOf(failure.getMessage()));
  }
}
