package kraken;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.bus.PipelineReceipt;
import kraken.bus.ReadingBatch;
import kraken.config.Settings;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ingest-only node whose "pipeline" is the test: it holds batches unanswered, so ingest's bounds on work in
 * flight (batches and bytes) are reached deterministically, and releases them afterwards.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Ingest bounds the work it holds and refuses the rest with 503 overloaded, never buffering without bound")
class BackpressureTest {

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.VERTICLES, List.of("ingest"), Settings.INGEST_MAX_IN_FLIGHT, 2,
      Settings.INGEST_MAX_IN_FLIGHT_BYTES, 1_048_576, Settings.INGEST_MAX_BODY_BYTES, 4 * 1_048_576));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  /** A pipeline that holds every batch until released, and says when it holds {@code count}. */
  private static final class HeldPipeline {
    final List<Message<ReadingBatch>> held = new ArrayList<>();
    final MessageConsumer<ReadingBatch> consumer;
    final Promise<Void> full = Promise.promise();

    HeldPipeline(int count) {
      consumer = node.node().vertx().eventBus().consumer(Addresses.READINGS, message -> {
        held.add(message);
        if (held.size() == count) {
          full.tryComplete();
        }
      });
    }

    Future<Void> release() {
      held.forEach(m -> m.reply(new PipelineReceipt(m.body().readings().size(), 0, List.of("C-held"))));
      return consumer.unregister();
    }
  }

  private static Future<HttpResponse<Buffer>> post(WebClient client, JsonObject reading) {
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJsonObject(reading);
  }

  private static JsonObject withPayload(JsonObject reading, int bytes) {
    return reading.put("payload", Base64.getEncoder().encodeToString(new byte[bytes]));
  }

  @Test
  @DisplayName("beyond ingest.maxInFlightBatches a request gets 503 overloaded with Retry-After; held ones still succeed")
  void batchBound(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    HeldPipeline pipeline = new HeldPipeline(2);
    List<Future<HttpResponse<Buffer>>> held = new ArrayList<>();
    pipeline.consumer.completion().onSuccess(v -> {
      held.add(post(client, Readings.comms("bp-1", "bp-radio", "None")));
      held.add(post(client, Readings.comms("bp-2", "bp-radio", "None")));
    });
    pipeline.full.future()
      .compose(v -> post(client, Readings.comms("bp-3", "bp-radio", "None")))
      .compose(refused -> {
        testContext.verify(() -> {
          assertThat(refused.statusCode()).isEqualTo(503);
          assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
          JsonObject problem = refused.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
          assertThat(problem.getString("reason")).isEqualTo("overloaded");
          assertThat(problem.getString("message")).contains("ingest.maxInFlightBatches");
        });
        return pipeline.release();
      })
      .compose(v -> Future.all(held))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        held.forEach(response -> assertThat(response.result().statusCode()).isEqualTo(202));
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("beyond ingest.maxInFlightBytes a large request gets 503 overloaded before its body is read")
  void byteBound(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    HeldPipeline pipeline = new HeldPipeline(1);
    List<Future<HttpResponse<Buffer>>> held = new ArrayList<>();
    pipeline.consumer.completion().onSuccess(v ->
      held.add(post(client, withPayload(Readings.comms("bp-big-1", "bp-sat", "None"), 700_000))));
    pipeline.full.future()
      .compose(v -> post(client, withPayload(Readings.comms("bp-big-2", "bp-sat", "None"), 700_000)))
      .compose(refused -> {
        testContext.verify(() -> {
          assertThat(refused.statusCode()).isEqualTo(503);
          JsonObject problem = refused.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
          assertThat(problem.getString("reason")).isEqualTo("overloaded");
          assertThat(problem.getString("message")).contains("ingest.maxInFlightBytes");
        });
        return pipeline.release();
      })
      .compose(v -> Future.all(held))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        assertThat(held.get(0).result().statusCode()).isEqualTo(202);
        testContext.completeNow();
      })));
  }
}
