package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A reading resent by a client is acknowledged again but counted once")
class IdempotencyTest {

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static Future<HttpResponse<Buffer>> post(WebClient client, JsonArray readings) {
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJson(readings);
  }

  private static Future<JsonObject> contact(WebClient client, String contactId) {
    return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/" + contactId).send()
      .map(HttpResponse::bodyAsJsonObject);
  }

  @Test
  @DisplayName("a reading resent inside a different request is counted once, and the 202 says it was a duplicate")
  void resentInDifferentRequest(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    JsonObject first = Readings.comms("idem-1", "idem-radio-a", "Military");
    JsonObject second = Readings.comms("idem-2", "idem-radio-a", "None");
    post(client, new JsonArray().add(first))
      .compose(ack -> post(client, new JsonArray().add(second).add(first.copy())))
      .compose(ack -> {
        testContext.verify(() -> {
          assertThat(ack.statusCode()).isEqualTo(202);
          assertThat(ack.bodyAsJsonObject().getInteger("accepted")).isEqualTo(2);
          assertThat(ack.bodyAsJsonObject().getInteger("duplicates")).isEqualTo(1);
        });
        return post(client, new JsonArray().add(first.copy()).add(second.copy()));
      })
      .compose(ack -> {
        testContext.verify(() -> assertThat(ack.bodyAsJsonObject().getInteger("duplicates")).isEqualTo(2));
        return contact(client, "C-idem-radio-a");
      })
      .compose(contact -> {
        testContext.verify(() -> assertThat(contact.getLong("readingCount")).isEqualTo(2L));
        return client.get(node.opsPort(), "127.0.0.1", "/metrics").send();
      })
      .onComplete(testContext.succeeding(metrics -> testContext.verify(() -> {
        assertThat(metrics.bodyAsString()).containsPattern("kraken_readings_duplicate_total(\\{[^}]*})? [3-9]");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("the same reading id from two sensors is two readings")
  void sameIdOtherSensor(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    post(client, new JsonArray().add(Readings.comms("idem-x", "idem-radio-b", "None"))
        .add(Readings.comms("idem-x", "idem-radio-c", "None")))
      .compose(ack -> {
        testContext.verify(() -> {
          assertThat(ack.statusCode()).isEqualTo(202);
          assertThat(ack.bodyAsJsonObject().getInteger("duplicates")).isZero();
        });
        return contact(client, "C-idem-radio-c");
      })
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        assertThat(contact.getLong("readingCount")).isEqualTo(1L);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a reading acknowledged over HTTP and resent over binary TCP is counted once")
  void resentOverAnotherProtocol(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    JsonObject reading = Readings.comms("idem-tcp-1", "idem-radio-d", "Unknown");
    kraken.bus.SensorReading same = new kraken.bus.SensorReading("idem-tcp-1", "idem-radio-d",
      java.time.Instant.parse(reading.getString("timestamp")).toEpochMilli(),
      new kraken.bus.SensorType.CommsIntercept(156.8, kraken.bus.SensorType.Encryption.Unknown), new byte[0],
      kraken.bus.Classification.Secret, kraken.bus.Priority.High);
    post(client, new JsonArray().add(reading))
      .compose(ack -> kraken.ingest.tcp.TcpIngestClient.connect(vertx, "127.0.0.1", node.tcpPort()))
      .compose(tcp -> tcp.send(java.util.List.of(same)).eventually(tcp::close))
      .compose(result -> {
        testContext.verify(() -> {
          assertThat(result.allAcked()).as("acknowledged again: it is safe").isTrue();
          assertThat(result.duplicates()).isEqualTo(1);
        });
        return contact(client, "C-idem-radio-d");
      })
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        assertThat(contact.getLong("readingCount")).isEqualTo(1L);
        testContext.completeNow();
      })));
  }
}
