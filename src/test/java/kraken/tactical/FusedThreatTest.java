package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.support.Attempts;
import kraken.support.TestNodes;
import kraken.tactical.picture.LocalPlane;
import kraken.tactical.picture.TrackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the real node (ingest, rules inference, association, the fold in the grid): a satellite's optical fixes
 * (Benign by the rules) and an active sonar's echoes with bearing (Hostile by the rules: a solid echo at 6 km) of
 * one stationary vessel fuse into one contact, and the contact shows the sonar track's Hostile assessment even
 * though the newest reading is the satellite's Benign one.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Two sensors' tracks of one vessel fuse, and the contact shows the more dangerous track's assessment")
class FusedThreatTest {

  private static final String OPTICAL = "fused-optical:T1";
  private static final String SONAR = "fused-sonar:T2";
  private static final double RANGE_M = 6_000;
  private static final double BEARING = 45;
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static JsonObject optical(String id, long at) {
    LocalPlane plane = TrackSettings.DEFAULTS.plane();
    double east = RANGE_M * Math.sin(Math.toRadians(BEARING));
    double north = RANGE_M * Math.cos(Math.toRadians(BEARING));
    return reading(id, OPTICAL, at, new JsonObject().put("type", "SatelliteOptical").put("lat", plane.lat(north))
      .put("lon", plane.lon(east)).put("zoomLevel", 10));
  }

  /** Range = return time x 1500 m/s / 2: 8000 ms is 6 km; a 0.4 echo inside 10 km is Hostile by the rules. */
  private static JsonObject sonar(String id, long at) {
    return reading(id, SONAR, at, new JsonObject().put("type", "SonarActive").put("pingStrength", 0.4)
      .put("returnTimeMs", RANGE_M / 0.75).put("bearing", BEARING));
  }

  private static JsonObject reading(String id, String sensor, long at, JsonObject sensorType) {
    return new JsonObject().put("id", id).put("sensorId", sensor).put("timestamp", at).put("sensorType", sensorType)
      .put("classification", "Secret").put("priority", "High");
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  @DisplayName("after the sonar track joins the satellite's contact, a newer benign fix does not lower the contact from Hostile")
  void fusedContactShowsTheMoreDangerousTrack(Vertx vertx, VertxTestContext testContext) {
    long base = System.currentTimeMillis() - 120_000;
    List<JsonObject> inTimeOrder = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      inTimeOrder.add(optical("o" + i, base + i * 10_000L));
      inTimeOrder.add(sonar("s" + i, base + i * 10_000L + 5_000L));
    }
    inTimeOrder.add(optical("o-last", base + 8 * 10_000L));
    WebClient client = WebClient.create(vertx);
    Future<Void> posted = Future.succeededFuture();
    for (JsonObject reading : inTimeOrder) {
      posted = posted.compose(v -> client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
        .sendJsonObject(reading).compose(response -> response.statusCode() == 202 ? Future.<Void>succeededFuture()
          : Future.failedFuture("ingest answered " + response.statusCode() + ": " + response.bodyAsString())));
    }
    posted.compose(v -> Attempts.until(vertx,
        () -> client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-" + OPTICAL).send()
          .map(response -> response.bodyAsJsonObject()),
        contact -> contact.getJsonArray("sensorIds", new JsonArray()).contains(SONAR)
          && "o-last".equals(contact.getString("lastReadingId")),
        System.currentTimeMillis() + 30_000))
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        assertThat(contact.getJsonArray("sensorIds").getList()).as("one contact holds both tracks")
          .containsExactlyInAnyOrder(OPTICAL, SONAR);
        assertThat(contact.getString("lastReadingId")).as("the newest reading is the satellite's benign fix")
          .isEqualTo("o-last");
        assertThat(contact.getString("threatLevel")).as("the sonar track's assessment").isEqualTo("Hostile");
        assertThat(contact.getString("recommendedAction")).isEqualTo("Intercept");
        assertThat(contact.getJsonArray("evidence").getString(0)).contains("threat from track " + SONAR)
          .contains("2 member tracks");
        testContext.completeNow();
      })));
  }
}
