package kraken.tactical;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactSummary;
import kraken.bus.ThreatAssessment;
import kraken.config.Settings;
import kraken.ops.Meters;
import kraken.storage.AssessmentRow;
import kraken.storage.PictureStore;
import kraken.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records the assessments the picture folded into PostgreSQL, in batches, without ever holding the picture up.
 * Owned by {@link TacticalVerticle} and run on its event loop (so it needs no locks): the fold hands it the
 * assessments that changed the picture, and it writes them at {@code persistence.flushRows} rows or every
 * {@code persistence.flushMs}, whichever comes first, one INSERT per flush, one flush at a time.
 *
 * <p>When PostgreSQL is away, rows wait in memory and flushes retry with backoff (100 ms doubling to 5 s). The wait is
 * bounded by {@code persistence.maxBufferedRows}: past it the oldest rows are dropped and counted
 * ({@code kraken_persistence_dropped_total}). That is a deliberate limit: assessments are derived data, and the
 * promise (nothing acknowledged is lost) covers readings; the picture itself lives on in the grid. A row keeps its id
 * across retries, so a flush whose answer was lost stores nothing twice.
 *
 * <p>Every {@code persistence.snapshotIntervalMs} it also writes the contacts this node owns to
 * {@code contact_snapshots}, one INSERT. A snapshot that fails is not retried: the next one is newer anyway.
 */
final class PictureRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(PictureRecorder.class);
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Vertx vertx;
  private final PictureStore store;
  private final String nodeId;
  private final int flushRows;
  private final int maxBufferedRows;
  private final ArrayDeque<AssessmentRow> buffer = new ArrayDeque<>();
  private final Counter written;
  private final Counter dropped;
  private final Counter failures;
  private final long flushTimer;
  private final long snapshotTimer;
  private final Supplier<Future<List<ContactSummary>>> ownedContacts;
  private final Counter snapshotRows;
  private boolean snapshotting;
  private List<AssessmentRow> inFlight = List.of();
  private boolean flushing;
  private Future<Void> current = Future.succeededFuture();
  private boolean droppingSaid;
  private boolean reachable = true;
  private long unreachableSince;
  private String lastError;
  private long backoffMs;
  private long retryAt;

  private PictureRecorder(Vertx vertx, PictureStore store, JsonObject config, MeterRegistry meters,
                          Supplier<Future<List<ContactSummary>>> ownedContacts) {
    this.vertx = vertx;
    this.store = store;
    this.nodeId = Settings.NODE_ID.from(config);
    this.flushRows = Settings.PERSISTENCE_FLUSH_ROWS.from(config);
    this.maxBufferedRows = Settings.PERSISTENCE_MAX_BUFFERED_ROWS.from(config);
    this.written = Meters.persistenceWritten(meters);
    this.dropped = Meters.persistenceDropped(meters);
    this.failures = Meters.persistenceFailures(meters);
    Meters.persistenceBufferedRows(meters, this::buffered);
    this.ownedContacts = ownedContacts;
    this.snapshotRows = Meters.persistenceSnapshotRows(meters);
    this.flushTimer = vertx.setPeriodic(Settings.PERSISTENCE_FLUSH_MS.from(config), id -> flush());
    this.snapshotTimer = vertx.setPeriodic(Settings.PERSISTENCE_SNAPSHOT_INTERVAL_MS.from(config), id -> snapshot());
  }

  /**
   * A recorder writing to {@code postgres.uri}, snapshotting what {@code ownedContacts} answers; call from the owning
   * verticle's context.
   */
  static PictureRecorder start(Vertx vertx, JsonObject config, MeterRegistry meters,
                               Supplier<Future<List<ContactSummary>>> ownedContacts) {
    PictureStore store = PictureStore.create(vertx, config);
    LOG.info("picture persistence on: assessments to PostgreSQL at {} in batches of up to {} rows every {} ms, "
        + "at most {} rows buffered while it is away; contact snapshots every {} ms", store.address(),
      Settings.PERSISTENCE_FLUSH_ROWS.from(config), Settings.PERSISTENCE_FLUSH_MS.from(config),
      Settings.PERSISTENCE_MAX_BUFFERED_ROWS.from(config), Settings.PERSISTENCE_SNAPSHOT_INTERVAL_MS.from(config));
    return new PictureRecorder(vertx, store, config, meters, ownedContacts);
  }

  /** Takes the assessments that changed the picture, folded at {@code recordedAt}; never waits for the database. */
  void record(Collection<ThreatAssessment> assessments, long recordedAt) {
    for (ThreatAssessment assessment : assessments) {
      buffer.addLast(AssessmentRow.of(assessment, recordedAt));
    }
    dropOverBound();
    if (buffer.size() >= flushRows) {
      flush();
    }
  }

  /** PostgreSQL unreachable for the picture's writes: since when, the last error, the rows waiting. */
  record Outage(long since, String lastError, int bufferedRows) {
  }

  /** The outage under way (since the first failed flush, until one succeeds), or null when writes go through. */
  Outage outage() {
    return reachable ? null : new Outage(unreachableSince, lastError, buffered());
  }

  /** Rows not yet written, the flush under way included. */
  int buffered() {
    return buffer.size() + inFlight.size();
  }

  /**
   * Stops the timer, lets the flush under way end, makes one last attempt at what is left (counted as dropped if it
   * fails), and closes the pool; never fails.
   */
  Future<Void> stop() {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(snapshotTimer);
    return idle().transform(ignored -> {
      List<AssessmentRow> rest = new ArrayList<>(buffer);
      buffer.clear();
      if (rest.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      return store.write(nodeId, rest)
        .onSuccess(v -> written.increment(rest.size()))
        .recover(failure -> {
          LOG.warn("picture persistence: {} rows not written at stop, dropped: {}", rest.size(), failure.getMessage());
          dropped.increment(rest.size());
          return Future.succeededFuture();
        });
    }).eventually(store::close);
  }

  /** Completes when no flush is under way: a flush that succeeds may start the next one. */
  private Future<Void> idle() {
    return current.transform(ignored -> flushing ? idle() : Future.<Void>succeededFuture());
  }

  /** One snapshot at a time, and none while the assessment flushes find the database away. */
  private void snapshot() {
    if (snapshotting || !reachable) {
      return;
    }
    snapshotting = true;
    long at = System.currentTimeMillis();
    ownedContacts.get()
      .compose(contacts -> store.writeSnapshots(at, contacts).map(contacts.size()))
      .onComplete(done -> snapshotting = false)
      .onSuccess(snapshotRows::increment)
      .onFailure(failure -> {
        failures.increment();
        LOG.warn("picture persistence: contact snapshot skipped: {}", failure.getMessage());
      });
  }

  private void flush() {
    if (flushing || buffer.isEmpty() || System.currentTimeMillis() < retryAt) {
      return;
    }
    List<AssessmentRow> batch = new ArrayList<>(Math.min(flushRows, buffer.size()));
    while (batch.size() < flushRows && !buffer.isEmpty()) {
      batch.add(buffer.pollFirst());
    }
    flushing = true;
    inFlight = batch;
    current = store.write(nodeId, batch).onComplete(done -> {
      flushing = false;
      inFlight = List.of();
      if (done.succeeded()) {
        wrote(batch);
      } else {
        failed(batch, done.cause());
      }
    });
  }

  private void wrote(List<AssessmentRow> batch) {
    written.increment(batch.size());
    backoffMs = 0;
    retryAt = 0;
    if (!reachable) {
      reachable = true;
      droppingSaid = false;
      LOG.info("picture persistence: PostgreSQL at {} answers again: {} rows written, {} still buffered",
        store.address(), batch.size(), buffered());
    }
    if (buffer.size() >= flushRows) {
      flush();
    }
  }

  private void failed(List<AssessmentRow> batch, Throwable failure) {
    failures.increment();
    if (failure instanceof StorageException refusal && !refusal.retryable()) {
      // the same rows would be refused again: retrying would block every row behind them
      dropped.increment(batch.size());
      LOG.error("picture persistence: PostgreSQL refused {} rows for good, dropped: {}", batch.size(),
        failure.getMessage());
      return;
    }
    for (int i = batch.size() - 1; i >= 0; i--) {
      buffer.addFirst(batch.get(i));
    }
    dropOverBound();
    backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    retryAt = System.currentTimeMillis() + backoffMs;
    lastError = failure.getMessage();
    if (reachable) {
      reachable = false;
      unreachableSince = System.currentTimeMillis();
      LOG.warn("picture persistence: {}; the picture goes on, assessments buffer in memory (up to {} rows, "
        + "{}) and are written when it answers", failure.getMessage(), maxBufferedRows,
        Settings.PERSISTENCE_MAX_BUFFERED_ROWS.key());
    }
  }

  /** Past the bound the oldest rows waiting go: derived data, counted, never the picture itself. */
  private void dropOverBound() {
    int over = buffered() - maxBufferedRows;
    int dropping = Math.min(Math.max(0, over), buffer.size());
    for (int i = 0; i < dropping; i++) {
      buffer.pollFirst();
    }
    if (dropping > 0) {
      dropped.increment(dropping);
      if (!droppingSaid) {
        droppingSaid = true;
        LOG.warn("picture persistence: {} rows buffered, the bound ({}={}); dropping the oldest from now on "
          + "(kraken_persistence_dropped_total)", buffered(), Settings.PERSISTENCE_MAX_BUFFERED_ROWS.key(), maxBufferedRows);
      }
    }
  }
}
