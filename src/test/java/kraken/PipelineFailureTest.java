package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.bus.AssessmentBatch;
import kraken.bus.PipelineFailure;
import kraken.config.Settings;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that runs ingest and inference but no tactical, so the test decides what "tactical" does: be absent,
 * fail, or never answer. Ingest must tell the sender the truth each time.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("When the pipeline fails, ingest says whether the readings were taken")
class PipelineFailureTest {

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.VERTICLES, List.of("ingest", "inference"),
      Settings.INGEST_PIPELINE_TIMEOUT_MS, 500));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static Future<HttpResponse<Buffer>> post(Vertx vertx, String id) {
    return WebClient.create(vertx).post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .sendJsonObject(Readings.comms(id, "radio-fail", "Unknown"));
  }

  private static void expect(Vertx vertx, VertxTestContext testContext, MessageConsumer<AssessmentBatch> tactical,
                             int status, String reason, Consumer<HttpResponse<Buffer>> more) {
    Future<Void> ready = tactical == null ? Future.succeededFuture() : tactical.completion();
    ready.compose(v -> post(vertx, "fail-" + reason + "-" + System.nanoTime()))
      .eventually(() -> tactical == null ? Future.succeededFuture() : tactical.unregister())
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        JsonObject problem = response.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("reason")).isEqualTo(reason);
        more.accept(response);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("no tactical node: 503 pipeline_unavailable, not taken, with Retry-After")
  void noTactical(Vertx vertx, VertxTestContext testContext) {
    expect(vertx, testContext, null, 503, "pipeline_unavailable", response -> {
      assertThat(response.getHeader("Retry-After")).isEqualTo("1");
      assertThat(response.bodyAsJsonObject().getString("error"))
        .isEqualTo("no tactical node is running; the readings were not taken, retry later");
    });
  }

  @Test
  @DisplayName("tactical fails the batch: 500 pipeline_failed, without Retry-After")
  void tacticalFails(Vertx vertx, VertxTestContext testContext) {
    MessageConsumer<AssessmentBatch> failing = node.node().vertx().eventBus().consumer(Addresses.ASSESSMENTS,
      message -> message.fail(PipelineFailure.FAILED, "the picture could not store the contacts"));
    expect(vertx, testContext, failing, 500, "pipeline_failed", response -> {
      assertThat(response.getHeader("Retry-After")).isNull();
      assertThat(response.bodyAsJsonObject().getString("error")).startsWith("the picture could not store the contacts")
        .contains("resending them is safe");
    });
  }

  @Test
  @DisplayName("tactical never answers: 503 pipeline_timeout, which says the readings may be in the picture")
  void tacticalSilent(Vertx vertx, VertxTestContext testContext) {
    MessageConsumer<AssessmentBatch> silent = node.node().vertx().eventBus().consumer(Addresses.ASSESSMENTS,
      message -> { });
    expect(vertx, testContext, silent, 503, "pipeline_timeout", response -> {
      assertThat(response.getHeader("Retry-After")).isEqualTo("1");
      assertThat(response.bodyAsJsonObject().getString("error")).contains("within 500 ms")
        .contains("may already be in the picture");
    });
  }
}
