package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatLevel;
import kraken.config.Settings;
import kraken.support.Assessments;
import kraken.support.Attempts;
import kraken.support.JsonSocket;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * System alerts on a real node (a sensor is stale after 500 ms, degraded inference is remembered for 1 s): raised and
 * cleared in the shared map, answered by GET /api/v1/alerts, each change published once on console.alerts.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("System alerts are raised and cleared with what they are about, in the API and on console.alerts")
class SystemAlertsTest {

  private static final long DEADLINE_MS = 15_000;
  private static TestNodes.Running node;
  private final List<JsonObject> published = new CopyOnWriteArrayList<>();
  private MessageConsumer<JsonObject> console;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.TACTICAL_SENSOR_STALE_MS, 500, Settings.TACTICAL_DEGRADED_WINDOW_MS, 1000));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  @BeforeEach
  void listen() throws Exception {
    console = node.node().vertx().eventBus().consumer(Addresses.ALERTS, message -> published.add(message.body()));
    console.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopListening() throws Exception {
    console.unregister().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Future<JsonArray> alerts(WebClient client) {
    return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/alerts").send().map(HttpResponse::bodyAsJsonObject)
      .map(body -> body.getJsonArray("alerts"));
  }

  private static JsonObject alert(JsonArray alerts, String id) {
    return alerts.stream().map(JsonObject.class::cast).filter(a -> id.equals(a.getString("id"))).findFirst()
      .orElse(null);
  }

  private static JsonObject degradedAlert(JsonArray alerts) {
    return alerts.stream().map(JsonObject.class::cast).filter(a -> "inference_degraded".equals(a.getString("kind")))
      .findFirst().orElse(null);
  }

  private List<JsonObject> publishedFor(String id, String type) {
    return published.stream().filter(m -> type.equals(m.getString("type"))
      && id.equals(m.getJsonObject("alert").getString("id"))).toList();
  }

  private static Future<Void> post(WebClient client, JsonObject reading) {
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJsonObject(reading)
      .compose(ack -> ack.statusCode() == 202 ? Future.succeededFuture()
        : Future.failedFuture("ingest answered " + ack.statusCode() + ": " + ack.bodyAsString()));
  }

  @Test
  @DisplayName("a sensor silent for 500 ms raises sensor_stale (API, console.alerts, gauge); reporting again clears it")
  void staleSensorRaisesThenClears(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    String id = "sensor_stale:al-stale";
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    post(client, Readings.comms("s-1", "al-stale:T4", "Commercial"))
      .compose(v -> Attempts.until(vertx, () -> alerts(client), list -> alert(list, id) != null, deadline))
      .compose(list -> {
        testContext.verify(() -> {
          JsonObject stale = alert(list, id);
          assertThat(stale).as(list.encodePrettily()).isNotNull();
          assertThat(stale.getString("kind")).isEqualTo("sensor_stale");
          assertThat(stale.getString("severity")).isEqualTo("warning");
          assertThat(stale.getString("message")).contains("al-stale").contains("tactical.sensorStaleMs");
          assertThat(stale.getLong("since")).isPositive().isLessThanOrEqualTo(stale.getLong("updatedAt"));
        });
        return Attempts.until(vertx, () -> Future.succeededFuture(publishedFor(id, "raised")), l -> !l.isEmpty(),
          deadline);
      })
      .compose(raised -> {
        testContext.verify(() -> assertThat(raised).as("console.alerts told once").hasSize(1));
        return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/metrics").send();
      })
      .compose(metrics -> {
        testContext.verify(() -> assertThat(metrics.bodyAsJsonObject().getJsonObject("alerts").getInteger("active"))
          .isGreaterThanOrEqualTo(1));
        return post(client, Readings.comms("s-2", "al-stale:T4", "Commercial"));
      })
      .compose(v -> Attempts.until(vertx, () -> Future.succeededFuture(publishedFor(id, "cleared")), l -> !l.isEmpty(),
        deadline))
      .onComplete(testContext.succeeding(cleared -> testContext.verify(() -> {
        assertThat(cleared).as("cleared once on console.alerts").hasSize(1);
        assertThat(cleared.get(0).getJsonObject("alert").getString("kind")).isEqualTo("sensor_stale");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a console on the SockJS bridge registered on console.alerts receives a raised alert")
  void bridgeDeliversAlerts(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    String id = "sensor_stale:al-bridge";
    JsonSocket.connect(vertx, node.tacticalPort(), ConsoleBridge.PATH + "/websocket")
      .compose(socket -> socket.send(new JsonObject().put("type", "register").put("address", Addresses.ALERTS))
        .compose(v -> post(client, Readings.comms("b-1", "al-bridge", "Commercial")))
        .compose(v -> socket.first(frame -> "rec".equals(frame.getString("type"))
          && id.equals(frame.getJsonObject("body").getJsonObject("alert").getString("id"))))
        .eventually(socket::close))
      .onComplete(testContext.succeeding(frame -> testContext.verify(() -> {
        assertThat(frame.getString("address")).isEqualTo(Addresses.ALERTS);
        assertThat(frame.getJsonObject("body").getString("type")).isEqualTo("raised");
        assertThat(frame.getJsonObject("body").getJsonObject("alert").getString("severity")).isEqualTo("warning");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a degraded assessment raises inference_degraded naming its reason; it clears 1 s after the last one")
  void degradedInferenceRaisesThenClears(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    String id = "inference_degraded:" + node.node().config().get(Settings.NODE_ID);
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    Assessments.send(node.node().vertx(), List.of(Assessments.update("al-degraded", "SonarActive", "d-1",
        ThreatLevel.Suspicious, RecommendedAction.Track, null, "no_model")))
      .compose(receipt -> Attempts.until(vertx, () -> alerts(client), list -> alert(list, id) != null, deadline))
      .compose(list -> {
        testContext.verify(() -> {
          JsonObject degraded = alert(list, id);
          assertThat(degraded).as(list.encodePrettily()).isNotNull();
          assertThat(degraded.getString("kind")).isEqualTo("inference_degraded");
          assertThat(degraded.getString("severity")).isEqualTo("warning");
          assertThat(degraded.getString("message")).contains("reasons: no_model").contains(node.node().config()
            .get(Settings.NODE_ID));
        });
        return Attempts.until(vertx, () -> alerts(client), later -> alert(later, id) == null, deadline);
      })
      .onComplete(testContext.succeeding(list -> testContext.verify(() -> {
        assertThat(alert(list, id)).as("cleared after the window").isNull();
        assertThat(publishedFor(id, "raised")).hasSize(1);
        assertThat(publishedFor(id, "cleared")).hasSize(1);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("degraded assessments folded one after another, same reason: one raise, no update while the count changes")
  void degradedStreamDoesNotFlap(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    String id = "inference_degraded:" + node.node().config().get(Settings.NODE_ID);
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    Future<Void> chain = Attempts.until(vertx, () -> alerts(client), list -> degradedAlert(list) == null, deadline)
      .mapEmpty();
    for (int i = 0; i < 6; i++) {
      String reading = "flap-" + i;
      // 300 ms apart, within the 1 s window: the count in the window goes up and down, the alert stays
      chain = chain.compose(v -> Assessments.send(node.node().vertx(), List.of(Assessments.update("al-flap",
          "SonarActive", reading, ThreatLevel.Suspicious, RecommendedAction.Track, null, "timeout"))))
        .compose(v -> vertx.timer(300)).mapEmpty();
    }
    chain.compose(v -> Attempts.until(vertx, () -> alerts(client), list -> alert(list, id) == null, deadline))
      .onComplete(testContext.succeeding(list -> testContext.verify(() -> {
        assertThat(publishedFor(id, "raised")).hasSize(1);
        assertThat(publishedFor(id, "updated")).as("the message does not follow the count").isEmpty();
        assertThat(publishedFor(id, "cleared")).hasSize(1);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("healthy assessments raise no inference_degraded alert")
  void healthyAssessmentsRaiseNothing(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    // wait out any degraded alert of another test, then fold healthy ones and look a while
    Attempts.until(vertx, () -> alerts(client), list -> degradedAlert(list) == null, deadline)
      .compose(list -> Assessments.send(node.node().vertx(), List.of(Assessments.update("al-healthy", "SonarActive",
        "h-1", ThreatLevel.Benign, RecommendedAction.Monitor, null, null))))
      .compose(receipt -> Attempts.until(vertx, () -> alerts(client), list -> alert(list, "sensor_stale:al-healthy")
        != null, deadline))
      .onComplete(testContext.succeeding(list -> testContext.verify(() -> {
        assertThat(alert(list, "sensor_stale:al-healthy")).as("ticks have run since the fold").isNotNull();
        assertThat(degradedAlert(list)).isNull();
        testContext.completeNow();
      })));
  }
}
