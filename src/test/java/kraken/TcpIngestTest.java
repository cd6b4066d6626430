package kraken;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.config.Settings;
import kraken.ingest.tcp.FrameEncoder;
import kraken.ingest.tcp.FrameResult;
import kraken.ingest.tcp.ServerFrame;
import kraken.ingest.tcp.TcpIngestClient;
import kraken.support.RawTcp;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Binary TCP ingest acks what it takes, nacks each refused reading with its reason, and ends broken streams")
class TcpIngestTest {

  private static final int INITIAL_CREDITS = 4;
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.INGEST_TCP_MAX_FRAME_BYTES, 4096, Settings.INGEST_MAX_BATCH, 10,
      Settings.INGEST_TCP_INITIAL_CREDITS, INITIAL_CREDITS, Settings.INGEST_TCP_FRAME_TIMEOUT_MS, 1500));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static SensorReading sonar(String id, String sensorId, double bearing) {
    return new SensorReading(id, sensorId, System.currentTimeMillis(), new SensorType.SonarPassive(0.03, bearing),
      new byte[]{7, 7}, Classification.Secret, Priority.High);
  }

  @Test
  @DisplayName("readings sent with the client are acked and their contact is in the picture")
  void readingsReachThePicture(Vertx vertx, VertxTestContext testContext) {
    TcpIngestClient.connect(vertx, "127.0.0.1", node.tcpPort())
      .compose(client -> client.send(List.of(sonar("t-1", "tcp-pic", 10), sonar("t-2", "tcp-pic", 11))))
      .compose(result -> {
        testContext.verify(() -> {
          assertThat(result.allAcked()).as("%s", result).isTrue();
          assertThat(result.acked()).isEqualTo(2);
          assertThat(result.sequence()).isZero();
        });
        return WebClient.create(vertx).get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-tcp-pic").send();
      })
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        assertThat(contact.statusCode()).isEqualTo(200);
        assertThat(contact.bodyAsJsonObject().getJsonArray("sensorIds")).containsExactly("tcp-pic");
        assertThat(contact.bodyAsJsonObject().getLong("readingCount")).isEqualTo(2L);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("one bad reading in a frame is nacked with invalid_value and the field, and the others are acked")
  void badReadingIsNackedAlone(Vertx vertx, VertxTestContext testContext) {
    TcpIngestClient.connect(vertx, "127.0.0.1", node.tcpPort())
      .compose(client -> client.send(List.of(sonar("b-1", "tcp-bad", 1), sonar("b-2", "tcp-bad", 400),
        sonar("b-3", "tcp-bad", 3))))
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.outcomes()).extracting(FrameResult.Outcome::acked).containsExactly(true, false, true);
        FrameResult.Outcome refused = result.outcomes().get(1);
        assertThat(refused.reason()).isEqualTo("invalid_value");
        // the same sentence HTTP gives for the same reading
        assertThat(refused.message())
          .isEqualTo("sensorType.bearing: 400.0 is out of range: expected at least 0 and below 360 (degrees)");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("an id repeated within one frame is nacked duplicate_id and the first one is taken")
  void duplicateIdInFrame(Vertx vertx, VertxTestContext testContext) {
    TcpIngestClient.connect(vertx, "127.0.0.1", node.tcpPort())
      .compose(client -> client.send(List.of(sonar("d-1", "tcp-dup", 1), sonar("d-1", "tcp-dup", 2))))
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.outcomes().get(0).acked()).isTrue();
        assertThat(result.outcomes().get(1).reason()).isEqualTo("duplicate_id");
        assertThat(result.outcomes().get(1).message()).contains("'d-1'").contains("more than once");
        testContext.completeNow();
      })));
  }

  /** Writes the bytes and expects an ERROR frame with that reason, then the server closing the connection. */
  private static void expectStreamError(Vertx vertx, VertxTestContext testContext, Buffer bytes, String reason,
                                        String messagePart) {
    RawTcp.connect(vertx, node.tcpPort()).compose(raw -> raw.write(bytes)
        .compose(v -> raw.first(ServerFrame.Error.class))
        .compose(error -> {
          testContext.verify(() -> {
            assertThat(error.reason()).isEqualTo(reason);
            assertThat(error.message()).contains(messagePart);
          });
          return raw.closed();
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("a stream without the KRKN magic gets ERROR bad_magic and is closed")
  void badMagic(Vertx vertx, VertxTestContext testContext) {
    expectStreamError(vertx, testContext, Buffer.buffer("GET / HTTP/1.1\r\n\r\n"), "bad_magic", "47 45 54 20");
  }

  @Test
  @DisplayName("a hello of another version gets ERROR unsupported_version and is closed")
  void wrongVersion(Vertx vertx, VertxTestContext testContext) {
    expectStreamError(vertx, testContext, FrameEncoder.hello().setShort(4, (short) 9), "unsupported_version",
      "version 9");
  }

  @Test
  @DisplayName("a frame length beyond ingest.tcp.maxFrameBytes gets ERROR frame_too_large before any body is sent")
  void oversizedFrame(Vertx vertx, VertxTestContext testContext) {
    expectStreamError(vertx, testContext, FrameEncoder.hello().appendInt(5000), "frame_too_large",
      "frame length 5000 exceeds the maximum of 4096 bytes");
  }

  @Test
  @DisplayName("a frame sent without credit gets ERROR no_credit and is closed")
  void frameWithoutCredit(Vertx vertx, VertxTestContext testContext) {
    Buffer stream = FrameEncoder.hello();
    for (int i = 0; i <= INITIAL_CREDITS; i++) {
      stream.appendBuffer(FrameEncoder.readings(i, List.of(sonar("nc-" + i, "tcp-no-credit", i))));
    }
    expectStreamError(vertx, testContext, stream, "no_credit", "without credit");
  }

  @Test
  @DisplayName("a sender that stalls mid-frame gets ERROR frame_timeout, so a half-frame does not hold memory forever")
  void slowSender(Vertx vertx, VertxTestContext testContext) {
    Buffer frame = FrameEncoder.readings(0, List.of(sonar("slow-1", "tcp-slow", 1)));
    expectStreamError(vertx, testContext, FrameEncoder.hello().appendBuffer(frame.getBuffer(0, 10)), "frame_timeout",
      "ingest.tcp.frameTimeoutMs");
  }

  @Test
  @DisplayName("a hello and frame written one byte per TCP write are decoded and acked")
  void byteByByte(Vertx vertx, VertxTestContext testContext) {
    Buffer stream = FrameEncoder.hello()
      .appendBuffer(FrameEncoder.readings(41, List.of(sonar("bb-1", "tcp-bytes", 5), sonar("bb-2", "tcp-bytes", 6))));
    RawTcp.connect(vertx, node.tcpPort())
      .compose(raw -> raw.writeByteByByte(stream).compose(v -> raw.first(ServerFrame.Ack.class)))
      .onComplete(testContext.succeeding(ack -> testContext.verify(() -> {
        assertThat(ack.sequence()).isEqualTo(41);
        assertThat(ack.accepted()).isEqualTo(2);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a client vanishing mid-frame leaves the server healthy: the next client's frame is acked")
  void clientVanishesMidFrame(Vertx vertx, VertxTestContext testContext) {
    Buffer frame = FrameEncoder.readings(0, List.of(sonar("gone-1", "tcp-gone", 1)));
    RawTcp.connect(vertx, node.tcpPort())
      .compose(raw -> raw.write(FrameEncoder.hello().appendBuffer(frame.getBuffer(0, frame.length() / 2)))
        .compose(v -> raw.first(ServerFrame.Credit.class))
        .compose(credit -> raw.close()))
      .compose(v -> TcpIngestClient.connect(vertx, "127.0.0.1", node.tcpPort()))
      .compose(next -> next.send(List.of(sonar("after-1", "tcp-gone", 2))))
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.allAcked()).as("%s", result).isTrue();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("the client pipelines more frames than its credit and every one is answered by sequence")
  void pipelinedBeyondCredit(Vertx vertx, VertxTestContext testContext) {
    int frames = INITIAL_CREDITS * 3;
    var checkpoint = testContext.checkpoint(frames);
    TcpIngestClient.connect(vertx, "127.0.0.1", node.tcpPort()).onComplete(testContext.succeeding(client -> {
      for (int i = 0; i < frames; i++) {
        long sequence = i;
        client.send(List.of(sonar("p-" + i, "tcp-pipe", i))).onComplete(testContext.succeeding(result ->
          testContext.verify(() -> {
            assertThat(result.sequence()).isEqualTo(sequence);
            assertThat(result.allAcked()).as("%s", result).isTrue();
            checkpoint.flag();
          })));
      }
    }));
  }
}
