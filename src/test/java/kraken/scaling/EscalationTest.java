package kraken.scaling;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("An escalation in the picture reaches the actuator at once, not at the next report interval")
class EscalationTest {

  private static final Pattern ESCALATIONS =
    Pattern.compile("(?m)^kraken_scaling_escalation_to_scale_seconds_count ([0-9.]+)$");
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    Map<Setting<?>, Object> settings = new HashMap<>(LocalScalingTest.scalingSettings());
    // ten minutes between periodic reports: only tactical's immediate report of a rise can reach the scaler in time
    settings.put(Settings.REPORT_INTERVAL_MS, 600_000);
    node = TestNodes.start(settings);
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static JsonObject scaledForThreat(JsonObject page) {
    return page.getJsonArray("decisions").stream().map(JsonObject.class::cast)
      .filter(d -> d.getString("signal").equals("threat") && d.getString("actuation").equals("scaled"))
      .findFirst().orElse(null);
  }

  @Test
  @DisplayName("a hostile contact raises the floor to the policy's hostile replicas; the decision says threat and "
    + "the escalation-to-scale timer counts it")
  void hostileContactScalesAtOnce(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    long deadline = System.currentTimeMillis() + 20_000;
    // the scaler takes its lease on its first tick; until then an escalation would wait for the next report
    Attempts.until(vertx, () -> client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/scaling/decisions").send(),
        r -> r.bodyAsJsonObject().getInteger("total") > 0, deadline)
      .compose(ready -> client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
        .sendJson(Readings.passiveSonar("esc-1", "esc-towed", 0.03, 120)))
      .compose(ack -> {
        testContext.verify(() -> assertThat(ack.statusCode()).as(ack.bodyAsString()).isEqualTo(202));
        return Attempts.until(vertx, () -> client.get(node.tacticalPort(), "127.0.0.1",
            "/api/v1/scaling/decisions?limit=5").send(), r -> scaledForThreat(r.bodyAsJsonObject()) != null, deadline);
      })
      .compose(page -> {
        testContext.verify(() -> {
          JsonObject decision = scaledForThreat(page.bodyAsJsonObject());
          assertThat(decision).as(page.bodyAsString()).isNotNull();
          assertThat(decision.getString("signal")).isEqualTo("threat");
          assertThat(decision.getInteger("desiredReplicas")).isEqualTo(2);
          assertThat(decision.getString("actuation")).isEqualTo("scaled");
          assertThat(decision.getJsonObject("inputs").getString("highestThreat")).isEqualTo("Hostile");
          assertThat(decision.getLong("actuatedAt")).isGreaterThanOrEqualTo(
            decision.getJsonObject("inputs").getLong("threatReportedAt"));
        });
        return client.get(node.opsPort(), "127.0.0.1", "/metrics").send();
      })
      .onComplete(testContext.succeeding(metrics -> testContext.verify(() -> {
        Matcher matcher = ESCALATIONS.matcher(metrics.bodyAsString());
        assertThat(matcher.find()).as("kraken_scaling_escalation_to_scale_seconds_count in /metrics").isTrue();
        assertThat(Double.parseDouble(matcher.group(1))).isGreaterThanOrEqualTo(1);
        testContext.completeNow();
      })));
  }
}
