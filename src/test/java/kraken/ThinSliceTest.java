package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.config.Settings;
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
@DisplayName("A reading travels from HTTP ingest to the tactical picture in one JVM")
class ThinSliceTest {

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.REPORT_INTERVAL_MS, 200));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static WebClient client(Vertx vertx) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
  }

  @Test
  @DisplayName("a posted reading is acknowledged with its contact, which the contacts API then returns assessed")
  void readingBecomesContact(Vertx vertx, VertxTestContext testContext) {
    WebClient client = client(vertx);
    JsonObject reading = Readings.activeSonar("slice-1", "bow-sonar-a", 0.8, 1200);
    client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJsonObject(reading)
      .compose(ack -> {
        testContext.verify(() -> {
          assertThat(ack.statusCode()).isEqualTo(202);
          assertThat(ack.bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
          assertThat(ack.bodyAsJsonObject().getJsonArray("contactIds")).containsExactly("C-bow-sonar-a");
        });
        return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-bow-sonar-a").send();
      })
      .compose(one -> {
        testContext.verify(() -> {
          assertThat(one.statusCode()).isEqualTo(200);
          JsonObject contact = one.bodyAsJsonObject();
          assertThat(contact.getString("contactId")).isEqualTo("C-bow-sonar-a");
          // 1200 ms round trip is 900 m at 1500 m/s: a strong echo that close is an immediate threat
          assertThat(contact.getString("threatLevel")).isEqualTo("ImmediateThreat");
          assertThat(contact.getDouble("confidence")).isEqualTo(0.9);
          assertThat(contact.getString("recommendedAction")).isEqualTo("Engage");
          assertThat(contact.getLong("timeToThreatMs")).isEqualTo(90_000L);
          assertThat(contact.getJsonArray("evidence").getString(0)).contains("900 m");
          assertThat(contact.getJsonArray("sensorIds")).containsExactly("bow-sonar-a");
          assertThat(contact.getLong("readingCount")).isEqualTo(1L);
          assertThat(contact.getString("lastReadingId")).isEqualTo("slice-1");
          assertThat(contact.getJsonArray("models")).containsExactly("rules-1");
          assertThat(contact.getBoolean("degraded")).as("rules are the configured scorer here, not a stand-in").isFalse();
          assertThat(contact.containsKey("degradedReason")).isTrue();
          assertThat(contact.getValue("degradedReason")).isNull();
          assertThat(contact.containsKey("uncertainty")).isTrue();
          assertThat(contact.getValue("uncertainty")).as("the rules do not measure uncertainty").isNull();
        });
        return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts").send();
      })
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        assertThat(all.statusCode()).isEqualTo(200);
        JsonArray contacts = all.bodyAsJsonObject().getJsonArray("contacts");
        assertThat(contacts.stream().map(c -> ((JsonObject) c).getString("contactId"))).contains("C-bow-sonar-a");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a batch folds into one contact per sensor, and the change is published on the console address")
  void batchIsPublishedToConsoles(Vertx vertx, VertxTestContext testContext) {
    JsonArray batch = new JsonArray()
      .add(Readings.passiveSonar("slice-b1", "towed-array-b", 0.00006, 210))
      .add(Readings.passiveSonar("slice-b2", "towed-array-b", 0.00006, 211))
      .add(Readings.comms("slice-b3", "radio-b", "Military"));
    MessageConsumer<JsonObject> consumer = node.node().vertx().eventBus().consumer(Addresses.PICTURE_DELTA);
    consumer.handler(delta -> {
      JsonArray contacts = delta.body().getJsonArray("contacts");
      boolean ours = contacts.stream().anyMatch(c -> ((JsonObject) c).getString("contactId").equals("C-towed-array-b"));
      if (ours) {
        consumer.unregister();
        testContext.verify(() -> {
          JsonObject towed = contacts.stream().map(JsonObject.class::cast)
            .filter(c -> c.getString("contactId").equals("C-towed-array-b")).findFirst().orElseThrow();
          assertThat(towed.getLong("readingCount")).isEqualTo(2L);
          assertThat(towed.getString("threatLevel")).isEqualTo("Suspicious");
          assertThat(towed.getString("recommendedAction")).isEqualTo("Track");
          assertThat(contacts.stream().map(c -> ((JsonObject) c).getString("contactId")))
            .containsExactlyInAnyOrder("C-towed-array-b", "C-radio-b");
          testContext.completeNow();
        });
      }
    });
    consumer.completion().onComplete(testContext.succeeding(registered ->
      client(vertx).post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
        .putHeader("Content-Type", "application/json").sendBuffer(batch.toBuffer())
        .onComplete(testContext.succeeding(ack -> testContext.verify(() -> {
          assertThat(ack.statusCode()).isEqualTo(202);
          assertThat(ack.bodyAsJsonObject().getInteger("accepted")).isEqualTo(3);
        })))));
  }

  @Test
  @DisplayName("an unknown contact id is a 404 that names the id")
  void unknownContactIs404(Vertx vertx, VertxTestContext testContext) {
    client(vertx).get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-nobody").send()
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("C-nobody");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("health, readiness and Prometheus metrics are served, with KRAKEN's own counters and latency histogram")
  void operable(Vertx vertx, VertxTestContext testContext) {
    WebClient client = client(vertx);
    client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .sendJsonObject(Readings.comms("ops-1", "radio-ops", "None"))
      .compose(ack -> client.get(node.opsPort(), "127.0.0.1", "/health").send())
      .compose(health -> {
        testContext.verify(() -> assertThat(health.statusCode()).isEqualTo(200));
        return client.get(node.opsPort(), "127.0.0.1", "/ready").send();
      })
      .compose(ready -> {
        testContext.verify(() -> {
          assertThat(ready.statusCode()).isEqualTo(200);
          JsonObject body = ready.bodyAsJsonObject();
          assertThat(body.getString("outcome")).isEqualTo("UP");
          assertThat(body.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
            .contains("grid", "verticles", "draining");
        });
        return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{not json"));
      })
      .compose(rejected -> client.get(node.opsPort(), "127.0.0.1", "/metrics").send())
      .onComplete(testContext.succeeding(metrics -> testContext.verify(() -> {
        String text = metrics.bodyAsString();
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(text).containsPattern("(?m)^kraken_readings_accepted_total [1-9]");
        assertThat(text).containsPattern("(?m)^kraken_readings_rejected_total\\{reason=\"malformed_json\"} [1-9]");
        assertThat(text).containsPattern("(?m)^kraken_ingest_to_picture_seconds_bucket\\{le=\"[0-9.]+\"} [1-9]");
        assertThat(text).contains("vertx_http_server_requests_total");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("the scaler hears the threat picture: an ImmediateThreat contact raises the embedded default to its "
    + "immediate floor (4 inference instances), with the signal and every signal's reason")
  void scalerDecides(Vertx vertx, VertxTestContext testContext) {
    MessageConsumer<JsonObject> consumer = node.node().vertx().eventBus().consumer(Addresses.SCALING_DECISIONS);
    consumer.handler(decision -> {
      JsonObject body = decision.body();
      if (body.getJsonArray("reasons").encode().contains("threat: highest level ImmediateThreat asks for 4")) {
        consumer.unregister();
        testContext.verify(() -> {
          assertThat(body.getString("policy")).isEqualTo("local/embedded-inference");
          assertThat(body.getString("target")).isEqualTo("kraken-inference");
          assertThat(body.getString("signal")).isEqualTo("threat");
          assertThat(body.getInteger("desiredReplicas")).isEqualTo(4);
          assertThat(body.getJsonObject("inputs").getString("highestThreat")).isEqualTo("ImmediateThreat");
          assertThat(body.getJsonArray("reasons").encode()).contains("load:readings: ").contains("load:latency: ");
          testContext.completeNow();
        });
      }
    });
    consumer.completion().compose(registered -> client(vertx).post(node.ingestPort(), "127.0.0.1",
        "/api/v1/sensors/data").sendJsonObject(Readings.activeSonar("scale-1", "bow-sonar-scale", 0.9, 1000)))
      .onComplete(testContext.succeeding(ack -> testContext.verify(() -> assertThat(ack.statusCode()).isEqualTo(202))));
  }

  @Test
  @DisplayName("a resent request changes nothing, even after newer ones, and equal sensor times resolve to the more "
    + "dangerous reading whatever the order")
  void resendsChangeNothing(Vertx vertx, VertxTestContext testContext) {
    long t0 = System.currentTimeMillis() - 10_000;
    JsonArray a = new JsonArray()
      .add(Readings.passiveSonar("span-1", "array-span", 0.00006, 10).put("timestamp", t0))
      .add(Readings.passiveSonar("span-2", "array-span", 0.00006, 11).put("timestamp", t0 + 5_000));
    JsonArray b = new JsonArray().add(Readings.activeSonar("span-3", "array-span", 0.1, 30_000).put("timestamp", t0 + 6_000));
    JsonArray c = new JsonArray().add(Readings.activeSonar("span-4", "array-span", 0.9, 1_000).put("timestamp", t0 + 6_000));
    WebClient client = client(vertx);
    java.util.function.Function<JsonArray, Future<HttpResponse<Buffer>>> post = batch ->
      client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJson(batch);
    post.apply(a).compose(x -> post.apply(b)).compose(x -> post.apply(a)).compose(x -> post.apply(c))
      .compose(x -> post.apply(b))
      .compose(last -> {
        testContext.verify(() -> assertThat(last.statusCode()).isEqualTo(202));
        return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-array-span").send();
      })
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        JsonObject body = contact.bodyAsJsonObject();
        assertThat(body.getLong("readingCount")).as("resends are not counted again").isEqualTo(4L);
        assertThat(body.getString("threatLevel")).as("the later resend of a benign echo does not win the tie")
          .isEqualTo("ImmediateThreat");
        assertThat(body.getString("lastReadingId")).isEqualTo("span-4");
        assertThat(body.getLong("firstSeenAt")).isEqualTo(t0);
        assertThat(body.getLong("lastSeenAt")).isEqualTo(t0 + 6_000);
        assertThat(body.containsKey("recentUpdates")).as("bookkeeping stays out of the API").isFalse();
        testContext.completeNow();
      })));
  }
}
