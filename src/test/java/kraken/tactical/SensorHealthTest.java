package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/v1/sensors/health on a real node (stale after 500 ms, forgotten after 3 s of silence): instruments are the
 * sensor ids up to their first ':', with their kinds, tracks and readings, OK while they report and STALE after.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Sensor health groups sensors into instruments and says which have gone quiet")
class SensorHealthTest {

  private static final long DEADLINE_MS = 15_000;
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.TACTICAL_SENSOR_STALE_MS, 500, Settings.TACTICAL_SENSOR_FORGET_MS, 3000));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static Future<Void> post(WebClient client, JsonArray readings) {
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJson(readings)
      .compose(ack -> ack.statusCode() == 202 ? Future.succeededFuture()
        : Future.failedFuture("ingest answered " + ack.statusCode() + ": " + ack.bodyAsString()));
  }

  private static Future<JsonObject> health(WebClient client) {
    return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/sensors/health").send()
      .map(HttpResponse::bodyAsJsonObject);
  }

  private static JsonObject sensor(JsonObject health, String instrument) {
    return health.getJsonArray("sensors").stream().map(JsonObject.class::cast)
      .filter(s -> instrument.equals(s.getString("sensor"))).findFirst().orElse(null);
  }

  @Test
  @DisplayName("two tracks of one towed array are one instrument with two tracks; a plain id is its own; both go STALE when silent")
  void instrumentsAndStaleness(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    post(client, new JsonArray()
        .add(Readings.passiveSonar("h-1", "hs-towed:T1", 0.00006, 210))
        .add(Readings.passiveSonar("h-2", "hs-towed:T2", 0.00006, 215))
        .add(Readings.passiveSonar("h-3", "hs-towed:T1", 0.00006, 211))
        .add(Readings.comms("h-4", "hs-radio", "Commercial")))
      .compose(v -> Attempts.until(vertx, () -> health(client), h -> {
        JsonObject towed = sensor(h, "hs-towed");
        return towed != null && towed.getLong("readings") == 3 && sensor(h, "hs-radio") != null;
      }, deadline))
      .compose(h -> {
        testContext.verify(() -> {
          assertThat(h.getLong("staleAfterMs")).isEqualTo(500L);
          JsonObject towed = sensor(h, "hs-towed");
          assertThat(towed).as(h.encodePrettily()).isNotNull();
          assertThat(towed.getInteger("tracks")).isEqualTo(2);
          assertThat(towed.getJsonArray("kinds")).containsExactly("SonarPassive");
          assertThat(towed.getLong("readings")).isEqualTo(3L);
          assertThat(towed.getLong("readingsLastMinute")).isEqualTo(3L);
          assertThat(towed.getLong("lastReadingAt")).isPositive().isLessThanOrEqualTo(towed.getLong("lastSeenAt"));
          JsonObject radio = sensor(h, "hs-radio");
          assertThat(radio.getInteger("tracks")).as("a plain id has no track").isZero();
          assertThat(radio.getJsonArray("kinds")).containsExactly("CommsIntercept");
          assertThat(radio.getLong("readings")).isEqualTo(1L);
          assertThat(sensor(h, "hs-towed:T1")).as("a track is not an instrument").isNull();
        });
        return Attempts.until(vertx, () -> health(client), later -> "STALE".equals(sensor(later, "hs-towed")
          .getString("status")), deadline);
      })
      .onComplete(testContext.succeeding(h -> testContext.verify(() -> {
        JsonObject towed = sensor(h, "hs-towed");
        assertThat(towed.getString("status")).isEqualTo("STALE");
        assertThat(towed.getLong("silentForMs")).isGreaterThan(500L);
        assertThat(h.getLong("stale")).isGreaterThanOrEqualTo(2L);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("an instrument that reports again is OK again, and one silent past tactical.sensorForgetMs is removed")
  void reportingAgainAndForgetting(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    post(client, new JsonArray().add(Readings.comms("f-1", "hs-forget", "Commercial")))
      .compose(v -> Attempts.until(vertx, () -> health(client), h -> sensor(h, "hs-forget") != null
        && "STALE".equals(sensor(h, "hs-forget").getString("status")), deadline))
      .compose(h -> post(client, new JsonArray().add(Readings.comms("f-2", "hs-forget", "Commercial"))))
      .compose(v -> Attempts.until(vertx, () -> health(client), h -> sensor(h, "hs-forget").getLong("readings") == 2,
        deadline))
      .compose(h -> {
        testContext.verify(() -> assertThat(sensor(h, "hs-forget").getString("status")).isEqualTo("OK"));
        return Attempts.until(vertx, () -> health(client), later -> sensor(later, "hs-forget") == null, deadline);
      })
      .onComplete(testContext.succeeding(h -> testContext.verify(() -> {
        assertThat(sensor(h, "hs-forget")).as("removed after 3 s of silence").isNull();
        testContext.completeNow();
      })));
  }
}
