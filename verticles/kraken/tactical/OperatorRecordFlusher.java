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
import kraken.storage.StorageWriteFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Moves the operator records from the grid ({@link GridMap#OPERATOR_RECORDS}) to PostgreSQL: every
 * {@code persistence.flushMs} it reads up to {@link #BATCH} of all the map's keys ({@code keySet}, not only those this
 * member owns: in Kubernetes every role is a full member, so ingest, inference and scaling pods own partitions of the
 * map too and no one else would write theirs), writes them in one transaction and removes them from the grid only
 * after the commit. Several tactical nodes may write the same record: the write is idempotent by record id. While
 * PostgreSQL is away the records stay in the grid, backed up, and the flusher retries with backoff (100 ms doubling to
 * 5 s): an acknowledged record is never dropped. When PostgreSQL refuses the batch for good ({@link StorageWriteFailed},
 * e.g. SQLSTATE 22021 for a NUL character) it writes the records one at a time; each one refused is dead-lettered
 * (logged in full at ERROR, counted, removed from the grid) so that one bad record cannot block the others forever.
 * Run on the tactical verticle's event loop.
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
  private final Counter deadLettered;
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
    this.deadLettered = Meters.operatorRecordsDeadLettered(meters);
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

  /** Records in the grid that waited for PostgreSQL at this flusher's last look. */
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
    current = vertx.executeBlocking(this::batch, false)
      .compose(batch -> batch.isEmpty() ? Future.succeededFuture(batch)
        : write(batch).recover(failure -> failure instanceof StorageWriteFailed ? oneByOne(batch, failure)
          : Future.failedFuture(failure)))
      .onComplete(done -> flushing = false)
      .onSuccess(this::wrote)
      .onFailure(this::failed)
      .mapEmpty();
  }

  /** Up to BATCH of the records in the grid, whichever member holds them. */
  private List<OperatorRecord> batch() {
    Set<String> all = records.keySet();
    pending = all.size();
    Set<String> batch = new HashSet<>();
    for (String key : all) {
      if (batch.size() == BATCH) {
        break;
      }
      batch.add(key);
    }
    Collection<OperatorRecord> found = batch.isEmpty() ? List.of() : records.getAll(batch).values();
    return new ArrayList<>(found);
  }

  /** Writes the records in one transaction and forgets them once committed; the records written. */
  private Future<List<OperatorRecord>> write(List<OperatorRecord> batch) {
    return store.writeOperatorRecords(batch.stream().map(OperatorRecord::row).toList())
      .compose(v -> vertx.executeBlocking(() -> forget(batch), false));
  }

  /**
   * PostgreSQL refused the batch for good: writes each record alone, dead-letters those refused again, and stops at
   * the first failure that is not a refusal (an outage: the rest wait for the retry). The records written.
   */
  private Future<List<OperatorRecord>> oneByOne(List<OperatorRecord> batch, Throwable refusal) {
    LOG.warn("operator records: {}; writing the {} records of the batch one at a time to find the refused ones",
      refusal.getMessage(), batch.size());
    List<OperatorRecord> done = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (OperatorRecord record : batch) {
      chain = chain.compose(v -> write(List.of(record))
        .map(one -> done.add(record))
        .recover(failure -> failure instanceof StorageWriteFailed ? deadLetter(record, failure).map(false)
          : Future.failedFuture(failure))
        .mapEmpty());
    }
    return chain.map(v -> done);
  }

  /** Logs the refused record in full, counts it and takes it out of the grid: it is not retried. */
  private Future<Void> deadLetter(OperatorRecord record, Throwable refusal) {
    LOG.error("operator records: dead-lettered {} (not written, removed from the grid, not retried): {}",
      record.toJson().encode(), refusal.getMessage());
    deadLettered.increment();
    return vertx.executeBlocking(() -> {
      records.delete(record.id());
      pending = Math.max(0, pending - 1);
      return null;
    }, false);
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
