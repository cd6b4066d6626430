package kraken;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.config.Settings;
import kraken.ingest.tcp.FrameEncoder;
import kraken.ingest.tcp.FrameResult;
import kraken.ingest.tcp.TcpIngestClient;
import kraken.ingest.tcp.Wire;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames still arriving hold memory too: two connections part-way through large frames spend ingest's byte budget
 * (ingest.maxInFlightBytes), so another sender is refused `overloaded` until they go, instead of the heap filling.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Incomplete TCP frames count against ingest's byte budget")
class TcpPartialFrameBudgetTest {

  private static final long DEADLINE_MS = 15_000;
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.INGEST_MAX_IN_FLIGHT_BYTES, 1_048_576,
      Settings.INGEST_TCP_MAX_FRAME_BYTES, 4 * 1_048_576, Settings.INGEST_TCP_FRAME_TIMEOUT_MS, 60_000));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static SensorReading reading(String id) {
    return new SensorReading(id, "tcp-budget", System.currentTimeMillis(), new SensorType.SonarPassive(0.03, 90),
      new byte[0], Classification.Unclassified, Priority.Medium);
  }

  /** A raw connection that says hello and then sends 700 KB of a frame announced as 3 MB, and stops there. */
  private static Future<NetSocket> halfAFrame(Vertx vertx) {
    return vertx.createNetClient().connect(node.tcpPort(), "127.0.0.1").map(socket -> {
      socket.handler(ignored -> { });
      socket.write(FrameEncoder.hello().appendInt(3_000_000).appendByte(Wire.READINGS).appendBytes(new byte[700_000]));
      return socket;
    });
  }

  /** Sends one-reading frames, one after the other, until one is answered with {@code reason} (or acked, if null). */
  private static Future<FrameResult> sendUntil(Vertx vertx, TcpIngestClient client, String reason, long deadline) {
    return client.send(List.of(reading("budget-" + System.nanoTime()))).compose(result -> {
      String got = result.allAcked() ? null : result.outcomes().get(0).reason();
      if (java.util.Objects.equals(got, reason) || System.currentTimeMillis() > deadline) {
        return Future.succeededFuture(result);
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(50, id -> later.complete());
      return later.future().compose(v -> sendUntil(vertx, client, reason, deadline));
    });
  }

  @Test
  @DisplayName("two half-sent 3 MB frames spend a 1 MB budget: a third sender is nacked overloaded until they close")
  void partialFramesSpendTheBudget(Vertx vertx, VertxTestContext testContext) {
    TcpIngestClient.connect(vertx, "127.0.0.1", node.tcpPort()).onComplete(testContext.succeeding(client ->
      sendUntil(vertx, client, null, System.currentTimeMillis() + DEADLINE_MS)
        .compose(before -> {
          testContext.verify(() -> assertThat(before.allAcked()).as("before: %s", before).isTrue());
          return Future.all(halfAFrame(vertx), halfAFrame(vertx));
        })
        .compose(halves -> sendUntil(vertx, client, "overloaded", System.currentTimeMillis() + DEADLINE_MS)
          .compose(refused -> {
            testContext.verify(() -> {
              assertThat(refused.allAcked()).as("while frames are half-sent: %s", refused).isFalse();
              assertThat(refused.outcomes().get(0).reason()).isEqualTo("overloaded");
              assertThat(refused.outcomes().get(0).message()).contains("ingest.maxInFlightBytes");
            });
            return Future.all(halves.<NetSocket>resultAt(0).close(), halves.<NetSocket>resultAt(1).close());
          }))
        .compose(closed -> sendUntil(vertx, client, null, System.currentTimeMillis() + DEADLINE_MS))
        .eventually(client::close)
        .onComplete(testContext.succeeding(after -> testContext.verify(() -> {
          assertThat(after.allAcked()).as("after the half frames went: %s", after).isTrue();
          testContext.completeNow();
        })))));
  }
}
