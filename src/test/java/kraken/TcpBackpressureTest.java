package kraken;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.bus.Classification;
import kraken.bus.PipelineReceipt;
import kraken.bus.Priority;
import kraken.bus.ReadingBatch;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.config.Settings;
import kraken.ingest.tcp.FrameResult;
import kraken.ingest.tcp.TcpIngestClient;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline is a consumer this test holds: a batch stays in flight until the test answers it, so "overloaded"
 * is a state the test sets, not a race it hopes to win.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("While ingest is overloaded, TCP withholds credit instead of buffering, and grants it once work drains")
class TcpBackpressureTest {

  private static TestNodes.Running node;
  private static final Queue<Message<ReadingBatch>> held = new ConcurrentLinkedQueue<>();
  private static MessageConsumer<ReadingBatch> pipeline;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.VERTICLES, List.of("ingest"), Settings.INGEST_MAX_IN_FLIGHT, 1,
      Settings.INGEST_TCP_INITIAL_CREDITS, 2));
    pipeline = node.node().vertx().eventBus().consumer(Addresses.READINGS, held::add);
    pipeline.completion().toCompletionStage().toCompletableFuture().get();
  }

  @AfterAll
  static void stopNode() throws Exception {
    pipeline.unregister();
    node.stop();
  }

  private static SensorReading reading(String id) {
    return new SensorReading(id, "tcp-pressure", System.currentTimeMillis(), new SensorType.SonarPassive(0.03, 90),
      new byte[0], Classification.Unclassified, Priority.Medium);
  }

  /** Answers the batch the test holds, as the pipeline would once the readings are in the picture. */
  private static void releaseOne() {
    Message<ReadingBatch> batch = held.poll();
    batch.reply(new PipelineReceipt(batch.body().readings().size(), 0, List.of("C-tcp-pressure")));
  }

  /** Polls (never sleeps) until {@code count} batches are held, or fails after the deadline. */
  private static Future<Void> awaitHeld(Vertx vertx, int count, long deadlineMs) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + deadlineMs;
    vertx.setPeriodic(10, timer -> {
      if (held.size() >= count) {
        vertx.cancelTimer(timer);
        done.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(timer);
        done.tryFail("no batch reached the pipeline within " + deadlineMs + " ms");
      }
    });
    return done.future();
  }

  @Test
  @DisplayName("with one batch in flight a frame is nacked overloaded, credit stays 0 and the next frame waits; "
    + "answering the batch brings credit back and the waiting frame is taken")
  void creditIsWithheldWhileOverloaded(Vertx vertx, VertxTestContext testContext) {
    var checkpoint = testContext.checkpoint(3);
    TcpIngestClient.connect(vertx, "127.0.0.1", node.tcpPort()).onComplete(testContext.succeeding(client -> {
      Future<FrameResult> first = client.send(List.of(reading("bp-1")));
      Future<FrameResult> second = client.send(List.of(reading("bp-2")));
      Future<FrameResult> third = client.send(List.of(reading("bp-3")));
      first.onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.allAcked()).as("%s", result).isTrue();
        checkpoint.flag();
      })));
      third.onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.allAcked()).as("%s", result).isTrue();
        checkpoint.flag();
      })));
      second.compose(result -> {
          testContext.verify(() -> {
            assertThat(result.outcomes().get(0).reason()).isEqualTo("overloaded");
            assertThat(result.outcomes().get(0).message()).contains("ingest.maxInFlightBatches");
          });
          // an HTTP request through the same ingest event loop: whatever TCP wrote before it has been written
          return WebClient.create(vertx).post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
            .sendJsonObject(Readings.comms("bp-http", "tcp-pressure", "None"));
        })
        .compose(http -> awaitHeld(vertx, 1, 10_000).map(http)) // the bus delivers to the held pipeline on its own
        .compose(http -> {
          Promise<Void> checked = Promise.promise();
          vertx.runOnContext(v -> testContext.verify(() -> {
            assertThat(http.statusCode()).isEqualTo(503);
            assertThat(client.credit()).as("credit while overloaded").isZero();
            assertThat(client.queued()).as("frames waiting in the client").isEqualTo(1);
            assertThat(held).as("batches in the pipeline: only the first frame's").hasSize(1);
            checked.complete();
          }));
          return checked.future();
        })
        .compose(v -> {
          releaseOne(); // the first frame's batch leaves the pipeline: credit flows, the third frame goes out
          return awaitHeld(vertx, 1, 10_000);
        })
        .onComplete(testContext.succeeding(v -> {
          releaseOne();
          checkpoint.flag();
        }));
    }));
  }
}
