package kraken.scaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The embedded default scales its inference instances under a burst of readings and returns to the floor")
class LocalScalingTest {

  private static final Pattern REPLICAS =
    Pattern.compile("(?m)^kraken_scaling_replicas\\{target=\"kraken-inference\"} ([0-9.]+)$");
  private static TestNodes.Running node;

  /** 100 readings/s per instance, 1 to 8 instances, a 2 s window, reports every 300 ms, reconcile every 200 ms. */
  static Map<Setting<?>, Object> scalingSettings() {
    return Map.of(Settings.SCALING_READINGS_PER_INSTANCE, 100, Settings.SCALING_MIN_INSTANCES, 1,
      Settings.SCALING_MAX_INSTANCES, 8, Settings.SCALING_THREAT_REPLICAS, "1,1,2,3",
      Settings.SCALING_WINDOW_SECONDS, 2, Settings.SCALING_INTERVAL_MS, 200, Settings.REPORT_INTERVAL_MS, 300,
      Settings.SCALING_PREDICTIVE, false);
  }

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(scalingSettings());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  @Test
  @DisplayName("400 readings/s for a while: decisions driven by load:readings deploy more inference instances "
    + "(console address, metric, decisions API), then the count returns to 1 after the window")
  void burstScalesUpAndBack(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    List<JsonObject> onConsole = new CopyOnWriteArrayList<>();
    node.node().vertx().eventBus().<JsonObject>consumer(Addresses.SCALING_DECISIONS, m -> onConsole.add(m.body()));
    AtomicBoolean bursting = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    long burst = vertx.setPeriodic(50, id -> {
      if (!bursting.get()) {
        return;
      }
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 20; i++) {
        batch.add(Readings.comms("burst-" + sent.incrementAndGet(), "burst-radio-" + (i % 4), "Commercial"));
      }
      client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJson(batch);
    });
    long deadline = System.currentTimeMillis() + 30_000;
    Attempts.until(vertx, () -> metricReplicas(client), replicas -> replicas >= 3, deadline)
      .compose(peak -> {
        testContext.verify(() -> assertThat(peak).as("kraken_scaling_replicas during the burst").isGreaterThanOrEqualTo(3));
        bursting.set(false);
        vertx.cancelTimer(burst);
        return Attempts.until(vertx, () -> metricReplicas(client), replicas -> replicas == 1,
          System.currentTimeMillis() + 30_000);
      })
      .compose(after -> {
        testContext.verify(() -> assertThat(after).as("kraken_scaling_replicas after the burst").isEqualTo(1));
        return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/scaling/decisions?limit=1000").send();
      })
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(200);
        JsonArray decisions = response.bodyAsJsonObject().getJsonArray("decisions");
        List<JsonObject> scaled = decisions.stream().map(JsonObject.class::cast)
          .filter(d -> d.getString("actuation").equals("scaled")).toList();
        JsonObject up = scaled.stream().filter(d -> d.getInteger("desiredReplicas") > d.getInteger("currentReplicas"))
          .reduce((newer, older) -> older).orElseThrow();
        assertThat(up.getString("signal")).isEqualTo("load:readings");
        assertThat(up.getString("policy")).isEqualTo("local/embedded-inference");
        assertThat(up.getString("target")).isEqualTo("kraken-inference");
        assertThat(up.getJsonObject("inputs").getDouble("readingsPerSecond")).isGreaterThan(100);
        assertThat(up.getJsonArray("reasons").getString(1)).startsWith("load:readings: ");
        JsonObject down = scaled.get(0);
        assertThat(down.getInteger("desiredReplicas")).as("newest first: the return to the floor").isEqualTo(1);
        assertThat(down.getString("signal")).isEqualTo("floor");
        assertThat(down.getLong("decidedAt") - up.getLong("decidedAt")).as("down no sooner than the 2 s window")
          .isGreaterThanOrEqualTo(2000);
        assertThat(onConsole).as("decisions published on " + Addresses.SCALING_DECISIONS)
          .anyMatch(d -> d.getString("actuation").equals("scaled"));
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("GET /api/v1/scaling/decisions pages newest first and refuses a bad limit with the API's error shape")
  void decisionsApiPagesAndRefuses(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    Attempts.until(vertx, () -> client.get(node.tacticalPort(), "127.0.0.1",
          "/api/v1/scaling/decisions?policy=local/embedded-inference&limit=1").send(),
        r -> r.statusCode() == 200 && r.bodyAsJsonObject().getInteger("count") == 1, System.currentTimeMillis() + 10_000)
      .compose(page -> {
        testContext.verify(() -> {
          JsonObject body = page.bodyAsJsonObject();
          assertThat(body.getInteger("limit")).isEqualTo(1);
          assertThat(body.getInteger("total")).isGreaterThanOrEqualTo(1);
          assertThat(body.getJsonArray("decisions").getJsonObject(0).getString("scalerNode")).isNotBlank();
        });
        return Future.join(client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/scaling/decisions?limit=0").send(),
          client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/scaling/decisions?policy=fleet/none").send());
      })
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        HttpResponse<Buffer> refused = both.resultAt(0);
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonObject error = refused.bodyAsJsonObject();
        assertThat(error.getString("reason")).isEqualTo("invalid_request");
        assertThat(error.encode()).contains("limit");
        HttpResponse<Buffer> none = both.resultAt(1);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.bodyAsJsonObject().getInteger("total")).isZero();
        testContext.completeNow();
      })));
  }

  private static Future<Integer> metricReplicas(WebClient client) {
    return client.get(node.opsPort(), "127.0.0.1", "/metrics").send().map(response -> {
      Matcher matcher = REPLICAS.matcher(response.bodyAsString());
      return matcher.find() ? (int) Double.parseDouble(matcher.group(1)) : -1;
    });
  }
}
