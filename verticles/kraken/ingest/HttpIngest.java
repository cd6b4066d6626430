package kraken.ingest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.core.Vertx;
import kraken.bus.SensorReading;
import kraken.ingest.Problem.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP transport of ingest: {@code POST /api/v1/sensors/data} with one JSON reading or an array of them.
 * A request is all or nothing; 202 once the core acknowledges, otherwise a refusal listing every problem.
 */
final class HttpIngest {

  public static final String PATH = "/api/v1/sensors/data";
  static final int MAX_PROBLEMS_LISTED = 50;
  private static final String RETRY_AFTER_SECONDS = "1";
  private static final Logger LOG = LoggerFactory.getLogger(HttpIngest.class);

  private final IngestCore core;
  private final int maxBodyBytes;
  private final int maxBatch;

  HttpIngest(IngestCore core, int maxBodyBytes, int maxBatch) {
    this.core = core;
    this.maxBodyBytes = maxBodyBytes;
    this.maxBatch = maxBatch;
  }

  Router router(Vertx vertx) {
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
    if (contentType == null || !contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
      refuse(ctx, 415, List.of(Problem.ofRequest(Reason.unsupported_media_type, "Content-Type must be application/json, "
        + (contentType == null ? "but the request has none" : "got " + contentType))), 1);
      return;
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long declared = length != null && length.matches("\\d{1,18}") ? Long.parseLong(length) : 0;
    if (declared > maxBodyBytes) {
      refuse(ctx, 413, List.of(bodyTooLarge("request body of " + length + " bytes")), 1);
      return;
    }
    // While it is received and parsed, a body is held about twice: as bytes, then as a JSON tree. A chunked body
    // may be as large as the limit.
    long held = 2 * (declared > 0 ? declared : maxBodyBytes);
    Problem overloaded = core.admission(held);
    if (overloaded != null) {
      refuse(ctx, 503, List.of(overloaded), 1);
      return;
    }
    core.reserve(held);
    ctx.addEndHandler(done -> core.release(held));
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
    List<Integer> indexes = new ArrayList<>(elements.size());
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      ReadingRules.Verdict verdict = ReadingParser.parse(i, elements.get(i), receivedAt);
      problems.addAll(verdict.problems());
      if (verdict.ok()) {
        readings.add(verdict.reading());
        indexes.add(i);
      }
    }
    problems.addAll(ReadingRules.duplicates(readings, indexes));
    if (!problems.isEmpty()) {
      core.countRejected(problems, elements.size());
      LOG.info("rejected request of {} readings from {}: {} problems, first: {}", elements.size(),
        ctx.request().remoteAddress(), problems.size(), problems.get(0).summary());
      respond(ctx, 400, elements.size(), problems);
      return;
    }
    core.submit(readings, receivedAt)
      .onSuccess(receipt -> ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("accepted", readings.size()).put("duplicates", receipt.duplicates())
          .put("contactIds", new JsonArray(receipt.contactIds())).encode()))
      .onFailure(failure -> {
        IngestCore.Refusal refusal = failure instanceof IngestCore.Refused refused ? refused.refusal()
          : new IngestCore.Refusal(500, Problem.ofRequest(Reason.pipeline_failed, failure.toString()));
        LOG.warn("refused batch of {} readings from {}: {}", readings.size(), ctx.request().remoteAddress(),
          refusal.problem().message());
        answer(ctx, refusal.status(), readings.size(), List.of(refusal.problem()));
      });
  }

  /** Refuses a request as a whole, counting its readings under the problem's reason. */
  private void refuse(RoutingContext ctx, int status, List<Problem> problems, int readingCount) {
    core.countRejected(problems.get(0).reason(), readingCount);
    if (status < 500) {
      LOG.info("rejected request from {}: {}", ctx.request().remoteAddress(), problems.get(0).message());
    }
    answer(ctx, status, readingCount, problems);
  }

  /** Answers a refused request; a 503 always says when to retry, since its cause is passing. */
  private static void answer(RoutingContext ctx, int status, int readingCount, List<Problem> problems) {
    if (status == 503) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
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
