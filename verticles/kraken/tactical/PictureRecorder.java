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
import kraken.storage.TrackPointRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Records the assessments the picture folded, and the track points it took in, into PostgreSQL, in batches, without ever holding the picture up.
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
  /** Track points waiting, under the same bound as the assessments (and dropped first past it). */
  private final ArrayDeque<TrackPointRow> points = new ArrayDeque<>();
  private final Counter written;
  private final Counter dropped;
  private final Counter failures;
  private final long flushTimer;
  private final long snapshotTimer;
  private final Supplier<Future<List<ContactSummary>>> ownedContacts;
  private final Counter snapshotRows;
  private boolean snapshotting;
  private List<AssessmentRow> inFlight = List.of();
  private List<TrackPointRow> pointsInFlight = List.of();
  private boolean flushing;
  private Future<Void> current = Future.succeededFuture();
  private boolean droppingSaid;
  private boolean reachable = true;
  private Outage outage;
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
    record(assessments, List.of(), recordedAt);
  }

  /** As above, with the track points the fold brought in; never waits for the database. */
  void record(Collection<ThreatAssessment> assessments, Collection<TrackPointRow> trackPoints, long recordedAt) {
    for (ThreatAssessment assessment : assessments) {
      buffer.addLast(AssessmentRow.of(assessment, recordedAt));
    }
    points.addAll(trackPoints);
    dropOverBound();
    if (waiting() >= flushRows) {
      flush();
    }
  }

  /** PostgreSQL away since the first failed flush, with the last error; empty while flushes succeed. */
  Optional<Outage> outage() {
    return Optional.ofNullable(outage);
  }

  /** Rows not yet written, the flush under way included. */
  int buffered() {
    return waiting() + inFlight.size() + pointsInFlight.size();
  }

  /** Rows not yet written and not under way. */
  private int waiting() {
    return buffer.size() + points.size();
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
      List<TrackPointRow> restPoints = new ArrayList<>(points);
      buffer.clear();
      points.clear();
      int count = rest.size() + restPoints.size();
      if (count == 0) {
        return Future.<Void>succeededFuture();
      }
      return store.write(nodeId, rest, restPoints)
        .onSuccess(v -> written.increment(count))
        .recover(failure -> {
          LOG.warn("picture persistence: {} rows not written at stop, dropped: {}", count, failure.getMessage());
          dropped.increment(count);
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
    if (flushing || waiting() == 0 || System.currentTimeMillis() < retryAt) {
      return;
    }
    List<AssessmentRow> batch = new ArrayList<>(Math.min(flushRows, buffer.size()));
    while (batch.size() < flushRows && !buffer.isEmpty()) {
      batch.add(buffer.pollFirst());
    }
    List<TrackPointRow> pointBatch = new ArrayList<>(Math.min(flushRows - batch.size(), points.size()));
    while (batch.size() + pointBatch.size() < flushRows && !points.isEmpty()) {
      pointBatch.add(points.pollFirst());
    }
    flushing = true;
    inFlight = batch;
    pointsInFlight = pointBatch;
    current = store.write(nodeId, batch, pointBatch).onComplete(done -> {
      flushing = false;
      inFlight = List.of();
      pointsInFlight = List.of();
      if (done.succeeded()) {
        wrote(batch.size() + pointBatch.size());
      } else {
        failed(batch, pointBatch, done.cause());
      }
    });
  }

  private void wrote(int rows) {
    written.increment(rows);
    backoffMs = 0;
    retryAt = 0;
    if (!reachable) {
      reachable = true;
      outage = null;
      droppingSaid = false;
      LOG.info("picture persistence: PostgreSQL at {} answers again: {} rows written, {} still buffered",
        store.address(), rows, buffered());
    }
    if (waiting() >= flushRows) {
      flush();
    }
  }

  private void failed(List<AssessmentRow> batch, List<TrackPointRow> pointBatch, Throwable failure) {
    failures.increment();
    if (failure instanceof StorageException refusal && !refusal.retryable()) {
      // the same rows would be refused again: retrying would block every row behind them
      dropped.increment(batch.size() + pointBatch.size());
      LOG.error("picture persistence: PostgreSQL refused {} rows for good, dropped: {}",
        batch.size() + pointBatch.size(), failure.getMessage());
      return;
    }
    for (int i = batch.size() - 1; i >= 0; i--) {
      buffer.addFirst(batch.get(i));
    }
    for (int i = pointBatch.size() - 1; i >= 0; i--) {
      points.addFirst(pointBatch.get(i));
    }
    dropOverBound();
    backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    retryAt = System.currentTimeMillis() + backoffMs;
    outage = new Outage(outage == null ? System.currentTimeMillis() : outage.since(), failure.getMessage());
    if (reachable) {
      reachable = false;
      LOG.warn("picture persistence: {}; the picture goes on, assessments buffer in memory (up to {} rows, "
        + "{}) and are written when it answers", failure.getMessage(), maxBufferedRows,
        Settings.PERSISTENCE_MAX_BUFFERED_ROWS.key());
    }
  }

  /**
   * Past the bound the oldest rows waiting go: derived data, counted, never the picture itself. Track points go
   * first (the contact snapshots keep each track's recent history), then assessments.
   */
  private void dropOverBound() {
    int over = Math.max(0, buffered() - maxBufferedRows);
    int droppingPoints = Math.min(over, points.size());
    for (int i = 0; i < droppingPoints; i++) {
      points.pollFirst();
    }
    int dropping = Math.min(over - droppingPoints, buffer.size());
    for (int i = 0; i < dropping; i++) {
      buffer.pollFirst();
    }
    dropping += droppingPoints;
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
