package kraken.tactical;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import kraken.bus.Addresses;
import kraken.bus.AssessmentBatch;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.bus.PipelineFailure;
import kraken.bus.PipelineReceipt;
import kraken.bus.ThreatLevel;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatReport;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.ops.HttpServers;
import kraken.ops.InFlight;
import kraken.ops.Meters;
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
 * Owns the tactical picture: folds assessments into contacts, publishes what changed to consoles, serves the
 * contacts over REST, and reports the threat picture to the scaler.
 */
public final class TacticalVerticle extends VerticleBase {

  public static final String CONTACTS_PATH = "/api/v1/contacts";
  public static final String LIVE_PATH = "/ws/tactical";
  private static final Logger LOG = LoggerFactory.getLogger(TacticalVerticle.class);

  private final Grid grid;
  private final MeterRegistry meters;
  private final InFlight inFlight = new InFlight();
  private ContactStore store;
  private Timer ingestToPicture;
  private Counter contactUpdates;
  private Counter duplicates;
  private Counter dedupeEvictions;
  private MessageConsumer<AssessmentBatch> consumer;
  private MessageConsumer<JsonObject> deltas;
  private LiveFeed live;
  private HttpServer server;
  private long reportTimer;
  private String nodeId;
  /** Null when persistence is off. */
  private PictureRecorder recorder;

  public TacticalVerticle(Grid grid, MeterRegistry meters) {
    this.grid = grid;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    nodeId = Settings.NODE_ID.from(config());
    store = new ContactStore(vertx, grid, new DuplicateWindow(Settings.DEDUPE_WINDOW_MS.from(config()),
      Settings.DEDUPE_MAX_PER_CONTACT.from(config())));
    duplicates = Meters.readingsDuplicate(meters);
    dedupeEvictions = Meters.dedupeEvictions(meters);
    ingestToPicture = Meters.ingestToPicture(meters);
    contactUpdates = Meters.contactUpdates(meters);
    recorder = startRecorder();
    consumer = vertx.eventBus().consumer(Addresses.ASSESSMENTS, this::fold);
    live = new LiveFeed(vertx, store::all, Settings.TACTICAL_WS_MAX_HZ.from(config()),
      Settings.TACTICAL_WS_SNAPSHOT_MAX.from(config()), Settings.TACTICAL_WS_SLOW_CLIENT_MS.from(config()), meters);
    // every tactical node's changes, so that a client of any node sees the whole picture
    deltas = vertx.eventBus().consumer(Addresses.PICTURE_DELTA, delta -> live.publish(delta.body()));
    server = vertx.createHttpServer(HttpServers.options()).requestHandler(router());
    reportTimer = vertx.setPeriodic(Settings.REPORT_INTERVAL_MS.from(config()), id -> reportThreats());
    return Future.join(consumer.completion(), deltas.completion(),
        server.listen(Settings.TACTICAL_PORT.from(config()), Settings.TACTICAL_HOST.from(config())))
      .onSuccess(v -> LOG.info("tactical picture serving {} on {}:{}", CONTACTS_PATH,
        Settings.TACTICAL_HOST.from(config()), server.actualPort()));
  }

  /** Takes no more batches, answers those it holds, then closes the API. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(reportTimer);
    return consumer.unregister()
      .compose(v -> inFlight.drained(vertx, Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config())))
      .compose(v -> deltas.unregister())
      .onComplete(v -> live.closeAll())
      .compose(v -> server.shutdown())
      .compose(v -> recorder == null ? Future.succeededFuture() : recorder.stop());
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

  private Router router() {
    Router router = Router.router(vertx);
    router.get(CONTACTS_PATH).handler(this::listContacts);
    router.get(CONTACTS_PATH + "/:contactId").handler(this::getContact);
    router.get(LIVE_PATH).handler(ctx -> ctx.request().toWebSocket().onSuccess(live::attach)
      .onFailure(failure -> LOG.debug("{} upgrade refused: {}", LIVE_PATH, failure.toString())));
    router.route(ConsoleBridge.PATH + "/*").subRouter(ConsoleBridge.router(vertx));
    return router;
  }

  private void fold(Message<AssessmentBatch> message) {
    AssessmentBatch batch = message.body();
    inFlight.begin();
    Future<ContactStore.Applied> written;
    try {
      written = store.apply(batch.updates());
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(done -> inFlight.end()).onSuccess(applied -> {
      long now = System.currentTimeMillis();
      batch.updates().forEach(update ->
        ingestToPicture.record(Math.max(0, now - update.receivedAt()), TimeUnit.MILLISECONDS));
      duplicates.increment(applied.duplicates());
      dedupeEvictions.increment(applied.evictedKeys());
      if (!applied.changed().isEmpty()) {
        JsonArray delta = new JsonArray();
        applied.changed().forEach(contact -> delta.add(contact.toJson()));
        contactUpdates.increment(applied.changed().size());
        vertx.eventBus().publish(Addresses.PICTURE_DELTA, new JsonObject().put("contacts", delta));
        record(batch, applied, now);
      }
      message.reply(new PipelineReceipt(batch.readingCount(), applied.duplicates(),
        batch.updates().stream().map(ContactUpdate::contactId).toList()));
    }).onFailure(failure -> {
      LOG.error("could not write {} contact updates to the picture: {}", batch.updates().size(), failure.toString());
      message.fail(PipelineFailure.FAILED, "the picture could not store the contacts (some may have been "
        + "written): " + failure.getMessage());
    });
  }

  /** Only the assessments that changed a contact are recorded: a batch of duplicates changes nothing. */
  private void record(AssessmentBatch batch, ContactStore.Applied applied, long foldedAt) {
    if (recorder == null) {
      return;
    }
    Set<String> changed = new HashSet<>();
    applied.changed().forEach(contact -> changed.add(contact.contactId()));
    List<ThreatAssessment> assessments = new ArrayList<>(changed.size());
    batch.updates().forEach(update -> {
      if (changed.contains(update.contactId())) {
        assessments.add(update.assessment());
      }
    });
    recorder.record(assessments, foldedAt);
  }

  private void listContacts(RoutingContext ctx) {
    store.all().onSuccess(contacts -> {
      JsonArray array = new JsonArray();
      contacts.forEach(c -> array.add(c.toJson()));
      json(ctx, 200, new JsonObject().put("count", contacts.size()).put("contacts", array));
    }).onFailure(ctx::fail);
  }

  private void getContact(RoutingContext ctx) {
    String contactId = ctx.pathParam("contactId");
    store.get(contactId).onSuccess(contact -> {
      if (contact == null) {
        json(ctx, 404, new JsonObject().put("error", "no contact with id '" + contactId + "'"));
      } else {
        json(ctx, 200, contact.toJson());
      }
    }).onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }

  private void reportThreats() {
    store.all().onSuccess(contacts -> {
      Map<ThreatLevel, Integer> byLevel = new EnumMap<>(ThreatLevel.class);
      contacts.forEach(c -> byLevel.merge(c.threatLevel(), 1, Integer::sum));
      vertx.eventBus().publish(Addresses.THREAT_REPORTS, new ThreatReport(nodeId, byLevel, System.currentTimeMillis()));
    }).onFailure(failure -> LOG.warn("threat report skipped: {}", failure.toString()));
  }
}
