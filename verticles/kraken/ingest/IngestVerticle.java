package kraken.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import kraken.bus.Addresses;
import kraken.bus.PipelineFailure;
import kraken.bus.PipelineReceipt;
import kraken.bus.ReadingBatch;
import kraken.bus.SensorReading;
import kraken.config.Settings;
import kraken.ingest.Problem.Reason;
import kraken.ops.HttpServers;
import kraken.ops.InFlight;
import kraken.ops.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Takes sensor readings over HTTP, validates them, and hands each request to inference as one batch.
 * A request is answered 202 only once its readings are in the tactical picture (the thin-slice promise; the
 * pending-readings map of the next issue moves the acknowledgement earlier); otherwise it is refused with reasons.
 */
public final class IngestVerticle extends VerticleBase {

  public static final String PATH = "/api/v1/sensors/data";
  static final int MAX_PROBLEMS_LISTED = 50;
  private static final String RETRY_AFTER_SECONDS = "1";
  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

  private final MeterRegistry meters;
  private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
  private Counter accepted;
  private String nodeId;
  private int maxBodyBytes;
  private int maxBatch;
  private int maxInFlight;
  private DeliveryOptions pipelineDelivery;
  private final InFlight inFlight = new InFlight();
  private HttpServer server;

  public IngestVerticle(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    nodeId = Settings.NODE_ID.from(config());
    maxBodyBytes = Settings.INGEST_MAX_BODY_BYTES.from(config());
    maxBatch = Settings.INGEST_MAX_BATCH.from(config());
    maxInFlight = Settings.INGEST_MAX_IN_FLIGHT.from(config());
    pipelineDelivery = new DeliveryOptions().setSendTimeout(Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config()));
    accepted = Meters.readingsAccepted(meters);
    for (Reason reason : Reason.values()) {
      rejected.put(reason, Meters.readingsRejected(meters, reason.name()));
    }
    server = vertx.createHttpServer(HttpServers.options()).requestHandler(router());
    return server.listen(Settings.INGEST_PORT.from(config()), Settings.INGEST_HOST.from(config()))
      .onSuccess(s -> LOG.info("ingest listening on {}:{} ({} readings per request at most, bodies up to {} bytes)",
        Settings.INGEST_HOST.from(config()), s.actualPort(), maxBatch, maxBodyBytes));
  }

  /** Stops taking new requests; requests already in the pipeline are answered before the server closes. */
  @Override
  public Future<?> stop() {
    return server.shutdown(Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config()) + 1000L, TimeUnit.MILLISECONDS);
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.post(PATH).handler(this::refuseEarly);
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(this::ingest);
    router.errorHandler(413, ctx -> refuse(ctx, 413, List.of(bodyTooLarge("request body")), 1));
    return router;
  }

  private Problem bodyTooLarge(String what) {
    return Problem.ofRequest(Reason.body_too_large,
      what + " is larger than the " + maxBodyBytes + " bytes allowed (ingest.maxBodyBytes)");
  }

  /** Checks what can be checked before reading the body, so that an oversized or non-JSON body is not buffered. */
  private void refuseEarly(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && !contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
      refuse(ctx, 415, List.of(Problem.ofRequest(Reason.unsupported_media_type,
        "Content-Type must be application/json, got " + contentType)), 1);
      return;
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodyBytes) {
      refuse(ctx, 413, List.of(bodyTooLarge("request body of " + length + " bytes")), 1);
      return;
    }
    if (inFlight.count() >= maxInFlight) {
      refuse(ctx, 503, List.of(Problem.ofRequest(Reason.overloaded, "ingest has " + inFlight.count()
        + " batches in the pipeline already (ingest.maxInFlightBatches); retry after 1 s")), 1);
      return;
    }
    ctx.next();
  }

  private void ingest(RoutingContext ctx) {
    long receivedAt = System.currentTimeMillis();
    List<Object> elements;
    try {
      elements = RequestBody.elements(ctx.body().buffer() == null ? "" : ctx.body().asString());
    } catch (RequestBody.Malformed e) {
      refuse(ctx, 400, List.of(Problem.ofRequest(Reason.malformed_json, e.getMessage())), 1);
      return;
    }
    if (elements.isEmpty()) {
      refuse(ctx, 400, List.of(Problem.ofRequest(Reason.empty_batch, "the request holds no readings: send one reading "
        + "object or a non-empty array of them")), 1);
      return;
    }
    if (elements.size() > maxBatch) {
      refuse(ctx, 413, List.of(Problem.ofRequest(Reason.too_many_readings, "the request holds " + elements.size()
        + " readings; at most " + maxBatch + " are allowed per request (ingest.maxBatchReadings)")), elements.size());
      return;
    }
    List<SensorReading> readings = new ArrayList<>(elements.size());
    List<Problem> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < elements.size(); i++) {
      ReadingParser.Parsed parsed = ReadingParser.parse(i, elements.get(i), receivedAt);
      problems.addAll(parsed.problems());
      if (parsed.ok()) {
        if (!ids.add(parsed.reading().id())) {
          problems.add(new Problem(i, "id", Reason.duplicate_id, "id '" + parsed.reading().id()
            + "' appears more than once in this request"));
        }
        readings.add(parsed.reading());
      }
    }
    if (!problems.isEmpty()) {
      refuseReadings(ctx, elements.size(), problems);
      return;
    }
    forward(ctx, new ReadingBatch(nodeId, receivedAt, readings));
  }

  private void forward(RoutingContext ctx, ReadingBatch batch) {
    inFlight.begin();
    vertx.eventBus().<PipelineReceipt>request(Addresses.READINGS, batch, pipelineDelivery)
      .onComplete(done -> inFlight.end())
      .onSuccess(reply -> {
        accepted.increment(batch.readings().size());
        ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("accepted", batch.readings().size())
            .put("contactIds", new JsonArray(reply.body().contactIds())).encode());
      })
      .onFailure(failure -> {
        Refusal refusal = refusalFor(failure);
        LOG.warn("refused batch of {} readings from {}: {}", batch.readings().size(),
          ctx.request().remoteAddress(), refusal.problem().message());
        refuse(ctx, refusal.status(), List.of(refusal.problem()), batch.readings().size());
      });
  }

  /** How a pipeline failure is told to the sender: the truth about whether the readings were taken. */
  private record Refusal(int status, Problem problem) {
  }

  private Refusal refusalFor(Throwable failure) {
    ReplyException reply = failure instanceof ReplyException r ? r : null;
    if (reply != null && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return new Refusal(503, Problem.ofRequest(Reason.pipeline_unavailable,
        "no inference node is running; the readings were not taken, retry later"));
    }
    boolean downstream = reply != null && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE;
    if ((reply != null && reply.failureType() == ReplyFailure.TIMEOUT)
      || (downstream && reply.failureCode() == PipelineFailure.TIMEOUT)) {
      return new Refusal(503, Problem.ofRequest(Reason.pipeline_timeout, "the pipeline did not confirm within "
        + pipelineDelivery.getSendTimeout() + " ms (ingest.pipelineTimeoutMs); the readings may already be in the "
        + "picture, and resending the same request is safe"));
    }
    if (downstream && reply.failureCode() == PipelineFailure.UNAVAILABLE) {
      return new Refusal(503, Problem.ofRequest(Reason.pipeline_unavailable,
        reply.getMessage() + "; the readings were not taken, retry later"));
    }
    return new Refusal(500, Problem.ofRequest(Reason.pipeline_failed, failure.getMessage()
      + "; some contacts may have been updated; resending the same request is safe but will most likely fail "
      + "again"));
  }

  private void refuseReadings(RoutingContext ctx, int readingCount, List<Problem> problems) {
    Map<Integer, Reason> firstReason = new java.util.HashMap<>();
    problems.forEach(p -> firstReason.putIfAbsent(p.reading(), p.reason()));
    for (int i = 0; i < readingCount; i++) {
      rejected.get(firstReason.getOrDefault(i, Reason.rejected_with_batch)).increment();
    }
    LOG.info("rejected request of {} readings from {}: {} problems, first: {}", readingCount,
      ctx.request().remoteAddress(), problems.size(), problems.get(0).summary());
    respond(ctx, 400, readingCount, problems);
  }

  /** Answers a refused request; a 503 always says when to retry, since its cause is passing. */
  private void refuse(RoutingContext ctx, int status, List<Problem> problems, int readingCount) {
    rejected.get(problems.get(0).reason()).increment(readingCount);
    if (status == 503) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    if (status < 500) {
      LOG.info("rejected request from {}: {}", ctx.request().remoteAddress(), problems.get(0).message());
    }
    respond(ctx, status, readingCount, problems);
  }

  /** Lists at most {@link #MAX_PROBLEMS_LISTED} problems, so that a small bad request cannot make a huge answer. */
  private static void respond(RoutingContext ctx, int status, int readingCount, List<Problem> problems) {
    JsonArray list = new JsonArray();
    problems.stream().limit(MAX_PROBLEMS_LISTED).forEach(p -> list.add(p.toJson()));
    JsonObject answer = new JsonObject().put("accepted", 0).put("rejected", readingCount)
      .put("error", problems.get(0).summary()).put("problems", list);
    if (problems.size() > MAX_PROBLEMS_LISTED) {
      answer.put("problemsNotListed", problems.size() - MAX_PROBLEMS_LISTED);
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(answer.encode());
  }
}
