package kraken.tactical;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.bus.Addresses;
import kraken.bus.AssessmentBatch;
import kraken.bus.ContactUpdate;
import kraken.bus.PipelineFailure;
import kraken.bus.PipelineReceipt;
import kraken.bus.ThreatLevel;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatReport;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.ops.InFlight;
import kraken.ops.Meters;
import kraken.tactical.picture.Association;
import kraken.tactical.picture.TrackSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Owns the tactical picture: folds assessments into contacts, publishes what changed to consoles,
 * and reports the threat picture to the scaler.
 */
public final class TacticalVerticle extends VerticleBase {

  /** Kept for callers of the old names; the HTTP port is {@link kraken.tactical.api.ApiVerticle}'s. */
  public static final String LIVE_PATH = kraken.tactical.api.ApiVerticle.LIVE_PATH;
  private static final Logger LOG = LoggerFactory.getLogger(TacticalVerticle.class);

  private final Grid grid;
  private final MeterRegistry meters;
  private final InFlight inFlight = new InFlight();
  private ContactStore store;
  /** The threat report counts through this (an index), never by reading every contact. */
  private ContactQueries threatCounts;
  private Association association;
  private Timer ingestToPicture;
  private Counter contactUpdates;
  private Counter duplicates;
  private Counter dedupeEvictions;
  private MessageConsumer<AssessmentBatch> consumer;
  private long reportTimer;
  /** The highest level in the last threat report this node sent. */
  private ThreatLevel reportedHighest = ThreatLevel.Benign;
  private String nodeId;
  /** The last threat report's counts, per {@link ThreatLevel} ordinal, read by the scrape thread. */
  private final java.util.concurrent.atomic.AtomicIntegerArray contactsByLevel =
    new java.util.concurrent.atomic.AtomicIntegerArray(ThreatLevel.values().length);
  /** Null when persistence is off. */
  private PictureRecorder recorder;
  /** Null when persistence is off: operator records then live in the grid only. */
  private OperatorRecordFlusher operatorFlusher;
  private AlertWatch alerts;
  private ContactAgeOut ageOut;
  private TrackSettings tracking;

  public TacticalVerticle(Grid grid, MeterRegistry meters) {
    this.grid = grid;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    nodeId = Settings.NODE_ID.from(config());
    tracking = TrackSettings.from(config());
    threatCounts = new ContactQueries(vertx, grid);
    store = new ContactStore(vertx, grid, new DuplicateWindow(Settings.DEDUPE_WINDOW_MS.from(config()),
      Settings.DEDUPE_MAX_PER_CONTACT.from(config())), tracking);
    association = new Association(vertx, grid, tracking, Settings.ASSOCIATION_WINDOW_MS.from(config()));
    ageOut = new ContactAgeOut(vertx, grid, association, Settings.CONTACT_TTL_MS.from(config()),
      Meters.contactsAgedOut(meters));
    ageOut.start();
    duplicates = Meters.readingsDuplicate(meters);
    dedupeEvictions = Meters.dedupeEvictions(meters);
    ingestToPicture = Meters.ingestToPicture(meters);
    contactUpdates = Meters.contactUpdates(meters);
    for (ThreatLevel level : ThreatLevel.values()) {
      Meters.pictureContacts(meters, level.name(), () -> contactsByLevel.get(level.ordinal()));
    }
    recorder = startRecorder();
    operatorFlusher = recorder == null ? null : OperatorRecordFlusher.start(vertx, grid, config(), meters);
    alerts = new AlertWatch(vertx, grid, config(), meters, this::persistenceOutage);
    consumer = vertx.eventBus().consumer(Addresses.ASSESSMENTS, this::fold);
    reportTimer = vertx.setPeriodic(Settings.REPORT_INTERVAL_MS.from(config()), id -> reportThreats());
    return consumer.completion().onSuccess(v -> LOG.info("tactical picture folding assessments on node {}", nodeId));
  }

  /** Takes no more batches, answers those it holds, then stops recording. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(reportTimer);
    ageOut.stop();
    alerts.stop();
    return consumer.unregister()
      .compose(v -> inFlight.drained(vertx, Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config())))
      .compose(v -> recorder == null ? Future.succeededFuture() : recorder.stop())
      .compose(v -> operatorFlusher == null ? Future.succeededFuture() : operatorFlusher.stop());
  }

  /** The earlier of the picture recorder's and the operator record flusher's outages, or null when both write. */
  private Outage persistenceOutage() {
    if (recorder == null) {
      return null;
    }
    return java.util.stream.Stream.of(recorder.outage(), operatorFlusher.outage()).flatMap(java.util.Optional::stream)
      .min(java.util.Comparator.comparingLong(Outage::since)).orElse(null);
  }

  private PictureRecorder startRecorder() {
    if (!Settings.persistenceEnabled(config())) {
      LOG.info("picture persistence off ({}={}, {} {}): assessments live in the Hazelcast grid only",
        Settings.PERSISTENCE_ENABLED.key(), Settings.PERSISTENCE_ENABLED.from(config()), Settings.POSTGRES_URI.key(),
        Settings.POSTGRES_URI.from(config()).isEmpty() ? "empty" : "set");
      return null;
    }
    return PictureRecorder.start(vertx, config(), meters, store::owned);
  }

  private void fold(Message<AssessmentBatch> message) {
    AssessmentBatch batch = message.body();
    inFlight.begin();
    List<ContactUpdate>[] resolved = new List[] {batch.updates()};
    Future<ContactStore.Applied> written;
    try {
      written = association.resolve(batch.updates()).compose(updates -> {
        resolved[0] = updates;
        return store.apply(updates);
      });
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(done -> inFlight.end()).onSuccess(applied -> {
      long now = System.currentTimeMillis();
      batch.updates().forEach(update ->
        ingestToPicture.record(Math.max(0, now - update.receivedAt()), TimeUnit.MILLISECONDS));
      alerts.observe(batch.updates(), now);
      duplicates.increment(applied.duplicates());
      dedupeEvictions.increment(applied.evictedKeys());
      if (!applied.changed().isEmpty()) {
        JsonArray delta = new JsonArray();
        applied.changed().forEach(contact -> delta.add(contact.toJson()));
        contactUpdates.increment(applied.changed().size());
        vertx.eventBus().publish(Addresses.PICTURE_DELTA, new JsonObject().put("contacts", delta));
        record(resolved[0], applied, now);
        reportAtOnceIfEscalated(applied);
      }
      message.reply(new PipelineReceipt(batch.readingCount(), applied.duplicates(),
        resolved[0].stream().map(ContactUpdate::contactId).distinct().toList()));
    }).onFailure(failure -> {
      LOG.error("could not write {} contact updates to the picture: {}", batch.updates().size(), failure.toString());
      message.fail(PipelineFailure.FAILED, "the picture could not store the contacts (some may have been "
        + "written): " + failure.getMessage());
    });
  }

  /**
   * Only the assessments that changed a contact are recorded, with the track points the fold brought in: a batch of
   * duplicates changes nothing.
   */
  private void record(List<ContactUpdate> updates, ContactStore.Applied applied, long foldedAt) {
    if (recorder == null) {
      return;
    }
    Set<String> changed = new HashSet<>();
    applied.changed().forEach(contact -> changed.add(contact.contactId()));
    List<ThreatAssessment> assessments = new ArrayList<>(changed.size());
    updates.forEach(update -> {
      if (changed.contains(update.contactId())) {
        assessments.add(update.assessment());
      }
    });
    recorder.record(assessments, NewTrackPoints.of(updates, applied.changed(), tracking.plane()), foldedAt);
  }

  /**
   * A contact above the highest level last reported is an escalation: the scaler hears of it now, not at the next
   * report interval (the escalation-to-scale-call path; see kraken.scaling.ScalingVerticle).
   */
  private void reportAtOnceIfEscalated(ContactStore.Applied applied) {
    boolean escalated = applied.changed().stream().anyMatch(c -> c.threatLevel().compareTo(reportedHighest) > 0);
    if (escalated) {
      reportedHighest = applied.changed().stream().map(c -> c.threatLevel()).max(Enum::compareTo).orElseThrow();
      reportThreats();
    }
  }

  /** Counts contacts per level through the grid's threat-level index: no contact is read or parsed. */
  private void reportThreats() {
    threatCounts.countByLevel().onSuccess(counts -> {
      Map<ThreatLevel, Integer> byLevel = new EnumMap<>(ThreatLevel.class);
      counts.forEach((level, count) -> {
        if (count > 0) {
          byLevel.put(level, count.intValue());
        }
      });
      for (ThreatLevel level : ThreatLevel.values()) {
        contactsByLevel.set(level.ordinal(), byLevel.getOrDefault(level, 0));
      }
      ThreatReport report = new ThreatReport(nodeId, byLevel, System.currentTimeMillis());
      reportedHighest = report.highest();
      vertx.eventBus().publish(Addresses.THREAT_REPORTS, report);
    }).onFailure(failure -> LOG.warn("threat report skipped: {}", failure.toString()));
  }
}
