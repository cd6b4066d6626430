package kraken.inference;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.config.Settings;
import kraken.simulation.Ocean;
import kraken.simulation.SimulatedReading;
import kraken.support.Http;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole node with the jar's models serving: simulated readings posted over HTTP come back as contacts assessed by
 * the five models, with confidence, uncertainty and the versions that made them.
 */
@DisplayName("A node serving the default models")
class ModelPipelineTest {

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    // a loaded CI machine must not turn a slow first batch into a degraded answer
    node = TestNodes.start(Map.of(Settings.INFERENCE_SCORER, "models", Settings.INFERENCE_BREAKER_TIMEOUT_MS, 10_000,
      Settings.INGEST_PIPELINE_TIMEOUT_MS, 30_000));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  @Test
  @DisplayName("assesses simulated contacts with all five models, not degraded, mostly at their true threat level")
  void assessesWithModels() throws Exception {
    Ocean ocean = new Ocean(99, 24, Ocean.DEFAULT_ANOMALY_RATE, "pipeline", System.currentTimeMillis() - 120_000);
    Map<String, SimulatedReading> lastByContact = new HashMap<>();
    long start = System.currentTimeMillis() - 120_000;
    for (int second = 0; second < 60; second++) {
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 50; i++) {
        SimulatedReading simulated = ocean.next(start + second * 1000L + i * 20L);
        batch.add(simulated.reading());
        lastByContact.put("C-" + simulated.reading().getString("sensorId"), simulated);
      }
      HttpResponse<String> ack = Http.postJson("http://127.0.0.1:" + node.ingestPort() + "/api/v1/sensors/data",
        batch.encode());
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
    }
    Map<String, String> versions = new HashMap<>();
    int agree = 0;
    for (Map.Entry<String, SimulatedReading> entry : lastByContact.entrySet()) {
      HttpResponse<String> response = Http.get("http://127.0.0.1:" + node.tacticalPort() + "/api/v1/contacts/"
        + entry.getKey());
      assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(200);
      JsonObject contact = new JsonObject(response.body());
      assertThat(contact.getBoolean("degraded")).as(contact.encode()).isFalse();
      assertThat(contact.getDouble("uncertainty")).isBetween(0.0, 1.0);
      assertThat(contact.getDouble("confidence")).isBetween(0.0, 1.0);
      List<String> models = contact.getJsonArray("models").stream().map(String::valueOf).toList();
      assertThat(models).as(contact.encode()).anyMatch(m -> m.startsWith("anomaly-")).anyMatch(m -> m.startsWith("fusion-"));
      models.forEach(m -> versions.put(m.substring(0, m.indexOf('-')), m));
      // a fused contact's first line names the member track that drove its threat; the model's verdict follows
      assertThat(contact.getJsonArray("evidence").stream().map(String::valueOf)).as(contact.encode())
        .anyMatch(line -> line.startsWith("fusion: " + contact.getString("threatLevel")));
      if (contact.getString("threatLevel").equals(entry.getValue().truth().threatLevel().name())) {
        agree++;
      }
    }
    assertThat(versions.keySet()).containsExactlyInAnyOrderElementsOf(ModelRoles.ALL);
    assertThat(agree).as("contacts at their true threat level").isGreaterThanOrEqualTo(lastByContact.size() * 8 / 10);
  }
}
