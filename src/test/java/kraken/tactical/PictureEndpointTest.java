package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatLevel;
import kraken.config.Settings;
import kraken.support.Assessments;
import kraken.support.Attempts;
import kraken.support.JsonSocket;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/v1/picture and GET /api/v1/metrics on a tactical-only node whose picture holds five contacts made by hand
 * (exact levels, actions and times to threat), one of them degraded; and the /ws/tactical snapshot's system alerts.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The TacticalPicture and the metrics summary answer per their contract")
class PictureEndpointTest {

  private static final long DEADLINE_MS = 15_000;
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.VERTICLES, List.of("tactical"), Settings.TACTICAL_OWN_SHIP_LAT, 60.25,
      Settings.TACTICAL_OWN_SHIP_LON, 5.5));
    Assessments.send(node.node().vertx(), List.of(
      Assessments.update("pic-a", "SonarActive", "a-1", ThreatLevel.ImmediateThreat, RecommendedAction.Engage, 30_000L, null),
      Assessments.update("pic-b", "SonarPassive", "b-1", ThreatLevel.Hostile, RecommendedAction.Intercept, 120_000L, null),
      Assessments.update("pic-c", "SonarActive", "c-1", ThreatLevel.ImmediateThreat, RecommendedAction.EmergencySurface,
        5_000L, null),
      Assessments.update("pic-d", "CommsIntercept", "d-1", ThreatLevel.Suspicious, RecommendedAction.Track, null,
        "timeout"),
      Assessments.update("pic-e", "SatelliteOptical", "e-1", ThreatLevel.Benign, RecommendedAction.Monitor, null, null)))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static Future<HttpResponse<Buffer>> get(WebClient client, String uri) {
    return client.get(node.tacticalPort(), "127.0.0.1", uri).send();
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(i -> ((JsonObject) i).getString("contactId")).toList();
  }

  private static boolean hasDegradedAlert(JsonArray alerts) {
    return alerts.stream().anyMatch(a -> "inference_degraded".equals(((JsonObject) a).getString("kind")));
  }

  @Test
  @DisplayName("the picture: own ship from settings, contacts most dangerous first, threats, alerts, actions most urgent first")
  void wholePicture(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    Attempts.until(vertx, () -> get(client, "/api/v1/picture").map(HttpResponse::bodyAsJsonObject),
        p -> hasDegradedAlert(p.getJsonArray("systemAlerts")), System.currentTimeMillis() + DEADLINE_MS)
      .onComplete(testContext.succeeding(picture -> testContext.verify(() -> {
        assertThat(picture.getLong("timestamp")).isPositive();
        assertThat(picture.getJsonObject("ownShipPosition"))
          .isEqualTo(new JsonObject().put("lat", 60.25).put("lon", 5.5));
        assertThat(picture.getInteger("limit")).isEqualTo(100);
        assertThat(picture.getInteger("contactCount")).isEqualTo(5);
        assertThat(ids(picture.getJsonArray("contacts")))
          .containsExactly("C-pic-a", "C-pic-c", "C-pic-b", "C-pic-d", "C-pic-e");
        assertThat(ids(picture.getJsonArray("activeThreats"))).containsExactly("C-pic-a", "C-pic-c", "C-pic-b");
        assertThat(picture.getInteger("activeThreatCount")).isEqualTo(3);
        JsonArray actions = picture.getJsonArray("recommendedActions");
        assertThat(ids(actions)).as("Monitor is not an action; most forceful first")
          .containsExactly("C-pic-c", "C-pic-a", "C-pic-b", "C-pic-d");
        assertThat(actions.getJsonObject(0)).isEqualTo(new JsonObject().put("contactId", "C-pic-c")
          .put("action", "EmergencySurface").put("threatLevel", "ImmediateThreat").put("timeToThreatMs", 5000));
        assertThat(actions.getJsonObject(3).getValue("timeToThreatMs")).isNull();
        assertThat(picture.getInteger("recommendedActionCount")).isEqualTo(4);
        JsonObject alert = picture.getJsonArray("systemAlerts").stream().map(JsonObject.class::cast)
          .filter(a -> "inference_degraded".equals(a.getString("kind"))).findFirst().orElseThrow();
        assertThat(alert.getString("id")).startsWith("inference_degraded:");
        assertThat(alert.getString("message")).contains("reasons: timeout");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("limit bounds every list of the picture; the counts still say how many there are")
  void limitBoundsTheLists(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    get(client, "/api/v1/picture?limit=2").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      JsonObject picture = response.bodyAsJsonObject();
      assertThat(ids(picture.getJsonArray("contacts"))).containsExactly("C-pic-a", "C-pic-c");
      assertThat(picture.getInteger("contactCount")).isEqualTo(5);
      assertThat(picture.getJsonArray("activeThreats")).hasSize(2);
      assertThat(picture.getInteger("activeThreatCount")).isEqualTo(3);
      assertThat(ids(picture.getJsonArray("recommendedActions"))).containsExactly("C-pic-c", "C-pic-a");
      assertThat(picture.getInteger("recommendedActionCount")).isEqualTo(4);
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("a limit of 0, 1001 or not a number is refused 400 in the error shape, naming limit")
  void badLimitIsRefused(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    Future.all(get(client, "/api/v1/picture?limit=0"), get(client, "/api/v1/picture?limit=1001"),
        get(client, "/api/v1/picture?limit=many"))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        for (int i = 0; i < 3; i++) {
          HttpResponse<Buffer> response = all.resultAt(i);
          assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
          JsonObject error = response.bodyAsJsonObject();
          assertThat(error.getString("reason")).isEqualTo("invalid_request");
          assertThat(error.getString("error")).contains("limit");
          assertThat(error.getJsonArray("details").encode()).contains("\"field\":\"limit\"");
        }
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("the metrics summary is this node's: no ingest here (null), the fold's latency, contacts by level grid-wide")
  void metricsSummary(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    get(client, "/api/v1/metrics").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      JsonObject metrics = response.bodyAsJsonObject();
      assertThat(metrics.getString("node")).isEqualTo(node.node().config().get(Settings.NODE_ID));
      assertThat(metrics.getString("scope")).isEqualTo("node");
      assertThat(metrics.containsKey("ingest")).isTrue();
      assertThat(metrics.getValue("ingest")).as("this node runs no ingest").isNull();
      JsonObject latency = metrics.getJsonObject("pipeline").getJsonObject("ingestToPictureMs");
      assertThat(latency.getLong("count")).isEqualTo(5L);
      assertThat(latency.getDouble("p50")).isNotNull().isPositive();
      assertThat(latency.getDouble("p99")).isGreaterThanOrEqualTo(latency.getDouble("p50"));
      JsonObject picture = metrics.getJsonObject("picture");
      assertThat(picture.getString("scope")).isEqualTo("cluster");
      assertThat(picture.getLong("contacts")).isEqualTo(5L);
      assertThat(picture.getJsonObject("threatsByLevel")).isEqualTo(new JsonObject().put("Benign", 1).put("Suspicious", 1)
        .put("Hostile", 1).put("ImmediateThreat", 2));
      assertThat(picture.getLong("contactUpdatesFoldedHere")).isEqualTo(5L);
      assertThat(metrics.getJsonObject("webSocket").getDouble("clients")).isNotNull();
      assertThat(metrics.getJsonObject("persistence").getValue("bufferedRows")).as("persistence is off").isNull();
      assertThat(metrics.getJsonObject("alerts").getInteger("active")).isNotNull();
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("the /ws/tactical snapshot carries the active system alerts")
  void snapshotCarriesAlerts(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    Attempts.until(vertx, () -> get(client, "/api/v1/alerts").map(r -> r.bodyAsJsonObject().getJsonArray("alerts")),
        PictureEndpointTest::hasDegradedAlert, System.currentTimeMillis() + DEADLINE_MS)
      .compose(alerts -> JsonSocket.connect(vertx, node.tacticalPort(), "/ws/tactical"))
      .compose(socket -> socket.first(m -> "snapshot".equals(m.getString("type"))).eventually(socket::close))
      .onComplete(testContext.succeeding(snapshot -> testContext.verify(() -> {
        assertThat(ids(snapshot.getJsonArray("contacts"))).contains("C-pic-a");
        assertThat(hasDegradedAlert(snapshot.getJsonArray("systemAlerts"))).as(snapshot.encode()).isTrue();
        testContext.completeNow();
      })));
  }
}
