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

/** The scaling benchmark's smoke run with small numbers, as CI runs it: every figure present, no timing thresholds. */
@DisplayName("kraken bench-scaling with small numbers")
class ScalingBenchSmokeTest {

  @Test
  @DisplayName("a 3x burst scales the embedded default up and back to its floor, and an escalation is timed")
  void smokeRun() {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = Kraken.commandLine().execute("bench-scaling", "--base-rate", "100", "--warmup", "4", "--burst", "6",
        "--window", "3", "--json");
    } finally {
      System.setOut(stdout);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(output).isZero();
    List<String> lines = output.lines().filter(line -> line.startsWith("{\"settings\"")).toList();
    assertThat(lines).as(output).hasSize(1);
    JsonObject result = new JsonObject(lines.get(0));
    System.out.println(lines.get(0));
    assertThat(result.getInteger("floor_instances")).as(output).isEqualTo(1);
    assertThat(result.getInteger("burst_needs_instances")).as("300 readings/s at 125 per instance").isEqualTo(3);
    assertThat(result.getInteger("peak_instances")).isGreaterThanOrEqualTo(3);
    assertThat(result.getLong("time_to_scale_up_ms")).isNotNull().isNotNegative();
    assertThat(result.getLong("time_back_to_floor_ms")).isNotNull();
    assertThat(result.getBoolean("back_to_floor_after_window")).isTrue();
    assertThat(result.getJsonObject("burst_latency").getLong("requests")).isPositive();
    assertThat(result.getJsonObject("burst_latency").getDouble("p99_ms"))
      .isGreaterThanOrEqualTo(result.getJsonObject("burst_latency").getDouble("p50_ms"));
    assertThat(result.getJsonObject("escalation").getLong("post_to_scale_call_ms")).isNotNull().isNotNegative();
    assertThat(result.getJsonArray("timeline")).isNotEmpty();
  }
}
