package kraken.bench;

import io.vertx.core.json.JsonObject;
import kraken.Kraken;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The inference benchmark's smoke run, as CI runs it: every figure present and sane, no timing thresholds. */
@DisplayName("kraken bench-inference --smoke")
class InferenceBenchSmokeTest {

  @Test
  @DisplayName("runs the five models end to end and ends with one JSON object holding every figure")
  void smokeRun() {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = Kraken.commandLine().execute("bench-inference", "--smoke", "--json");
    } finally {
      System.setOut(stdout);
    }
    assertThat(exit).isZero();
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    JsonObject result = new JsonObject(lines.get(lines.size() - 1));
    assertThat(result.getJsonObject("settings").getJsonObject("models").fieldNames())
      .containsExactlyInAnyOrder("sonar", "satellite", "comms", "anomaly", "fusion");
    JsonObject latency = result.getJsonObject("latency");
    assertThat(latency.getDouble("p50_ms")).isPositive();
    assertThat(latency.getDouble("p99_ms")).isGreaterThanOrEqualTo(latency.getDouble("p50_ms"));
    JsonObject throughput = result.getJsonObject("throughput");
    assertThat(throughput.getDouble("readings_per_second")).isPositive();
    assertThat(throughput.getDouble("assessments_per_second")).isPositive();
    assertThat(throughput.getDouble("model_rows_per_second")).isPositive();
    JsonObject raw = result.getJsonObject("raw");
    assertThat(raw.getDouble("raw_rows_per_second")).isPositive();
    assertThat(raw.getDouble("serving_ratio")).isPositive();
    assertThat(result.getJsonArray("tradeoff")).hasSize(2);
    result.getJsonArray("tradeoff").forEach(row -> assertThat(((JsonObject) row).getDouble("mean_batch_rows")).isPositive());
    assertThat(result.getJsonObject("memory").getDouble("rss_mb")).isPositive();
  }
}
