package kraken.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open loop's --retry and several --url against stand-in ingest servers that refuse the way ingest does,
 * so each refusal can be provoked on purpose.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("kraken loadgen --retry resends what ingest invites it to, over every live --url")
class LoadGenRetryTest {

  private static final String TIMEOUT_BODY = new JsonObject().put("accepted", 0)
    .put("problems", new JsonArray().add(new JsonObject().put("reason", "pipeline_timeout")
      .put("message", "the pipeline did not confirm in time"))).encode();

  /** A stand-in ingest that answers each reading id's first request with 503 pipeline_timeout, then 202. */
  private static Future<HttpServer> refusingOnceThenAcking(Vertx vertx, Set<String> seenIds, AtomicInteger requests) {
    return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      requests.incrementAndGet();
      JsonArray readings = body.toJsonArray();
      boolean firstTime = false;
      for (Object reading : readings) {
        firstTime |= seenIds.add(((JsonObject) reading).getString("id"));
      }
      if (firstTime) {
        request.response().setStatusCode(503).putHeader("Retry-After", "0").end(TIMEOUT_BODY);
      } else {
        request.response().setStatusCode(202).end(new JsonObject().put("accepted", readings.size())
          .put("duplicates", readings.size()).encode());
      }
    })).listen(0, "127.0.0.1");
  }

  @Test
  @DisplayName("readings refused with 503 and Retry-After are resent with the same id until acked, over both live "
    + "targets, while a target that refuses connections gets nothing; every reading ends acked once")
  void refusedReadingsAreResentUntilAcked(Vertx vertx, VertxTestContext testContext, @TempDir Path dir) {
    Set<String> seenIds = ConcurrentHashMap.newKeySet();
    AtomicInteger requestsA = new AtomicInteger();
    AtomicInteger requestsB = new AtomicInteger();
    Path ackedIds = dir.resolve("acked.tsv");
    URI deadTarget = URI.create("http://127.0.0.1:" + TestNodes.freePort());
    Future.all(refusingOnceThenAcking(vertx, seenIds, requestsA), refusingOnceThenAcking(vertx, seenIds, requestsB))
      .compose(servers -> {
        List<URI> targets = List.of(URI.create("http://127.0.0.1:" + servers.<HttpServer>resultAt(0).actualPort()),
          deadTarget, URI.create("http://127.0.0.1:" + servers.<HttpServer>resultAt(1).actualPort()));
        LoadPlan plan = LoadPlan.openLoop(targets.get(0), Duration.ofSeconds(1), 200, ReadingMix.parse("comms", null),
          4, 10, 5, ackedIds).retryingOver(targets);
        return new OpenLoopGenerator(vertx, plan, line -> { }).run();
      })
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.sent()).isEqualTo(200);
        assertThat(result.acked()).as(result.describe()).isEqualTo(200);
        assertThat(result.balanced()).isTrue();
        assertThat(result.retried()).isGreaterThanOrEqualTo(200);
        assertThat(result.givenUp()).isZero();
        assertThat(result.refusalsSeen()).containsKey("pipeline_timeout");
        assertThat(requestsA.get()).as("first live target's requests").isPositive();
        assertThat(requestsB.get()).as("second live target's requests").isPositive();
        List<String> lines = Files.readAllLines(ackedIds);
        assertThat(new HashSet<>(lines)).hasSize(200);
        JsonObject json = result.toJson();
        assertThat(json.getJsonArray("timeline")).isNotEmpty();
        assertThat(json.getJsonArray("timeline").getJsonObject(0).fieldNames())
          .contains("t", "acked", "refused", "retried", "p99_ms");
        assertThat(json.getLong("retried")).isEqualTo(result.retried());
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("--url repeated or comma-separated replaces the default with every target, and --retry is open-loop only")
  void urlsAndRetryParse() {
    LoadGenCommand repeated = new LoadGenCommand();
    new picocli.CommandLine(repeated).parseArgs("--url", "http://127.0.0.1:1", "--url",
      "http://127.0.0.1:2,http://127.0.0.1:3", "--retry");
    LoadGenCommand closed = new LoadGenCommand();
    new picocli.CommandLine(closed).parseArgs("--mode", "closed", "--url", "http://127.0.0.1:1,http://127.0.0.1:2");

    assertThat(repeated.plan().ingestUrls()).containsExactly(URI.create("http://127.0.0.1:1"),
      URI.create("http://127.0.0.1:2"), URI.create("http://127.0.0.1:3"));
    assertThat(repeated.plan().retry()).isTrue();
    assertThat(repeated.plan().problem()).isNull();
    assertThat(closed.plan().problem()).contains("--mode closed takes one --url");
  }

  @Test
  @DisplayName("a 400 refusal is never resent, even with --retry, and its readings are listed as unacknowledged")
  void badRequestsAreNotResent(Vertx vertx, VertxTestContext testContext, @TempDir Path dir) {
    AtomicInteger requests = new AtomicInteger();
    Path ackedIds = dir.resolve("acked.tsv");
    vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
        requests.incrementAndGet();
        request.response().setStatusCode(400).end(new JsonObject().put("problems", new JsonArray()
          .add(new JsonObject().put("reason", "invalid_value"))).encode());
      })).listen(0, "127.0.0.1")
      .compose(server -> {
        URI target = URI.create("http://127.0.0.1:" + server.actualPort());
        LoadPlan plan = LoadPlan.openLoop(target, Duration.ofSeconds(1), 50, ReadingMix.parse("comms", null), 2,
          10, 5, ackedIds).retryingOver(List.of(target));
        return new OpenLoopGenerator(vertx, plan, line -> { }).run();
      })
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.acked()).isZero();
        assertThat(result.retried()).isZero();
        assertThat(result.givenUp()).isZero();
        assertThat(result.refusedByReason()).containsEntry("invalid_value", 50L);
        assertThat(result.balanced()).isTrue();
        assertThat(Files.readAllLines(OpenLoopGenerator.unackedIdsFile(result.plan()))).hasSize(50);
        testContext.completeNow();
      })));
  }
}
