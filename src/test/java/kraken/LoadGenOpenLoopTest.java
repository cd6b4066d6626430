package kraken;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.loadgen.LoadPlan;
import kraken.loadgen.OpenLoopGenerator;
import kraken.loadgen.ReadingMix;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Short open-loop runs against a real node: every scheduled reading is accounted for, and the acks are on file. */
@ExtendWith(VertxExtension.class)
@DisplayName("kraken loadgen in open loop sends on schedule and accounts for every reading")
class LoadGenOpenLoopTest {

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  /** Runs the kraken command line as a user would, and returns the JSON summary on its last line of stdout. */
  private static JsonObject jsonSummaryOf(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      exit = Kraken.commandLine().execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    assertThat(exit).as("exit code; stderr: %s", stderr).isZero();
    String[] lines = stdout.toString(StandardCharsets.UTF_8).strip().split("\n");
    return new JsonObject(lines[lines.length - 1]);
  }

  private static URI ingest() {
    return URI.create("http://127.0.0.1:" + node.ingestPort());
  }

  @Test
  @DisplayName("2,000 seed-mix readings/s for 2 s are acked, every reading is accounted for, and each ack is on file once")
  void seedMixRunIsAccountedFor(Vertx vertx, VertxTestContext testContext, @TempDir Path dir) {
    Path ackedIds = dir.resolve("acked.tsv");
    LoadPlan plan = LoadPlan.openLoop(ingest(), Duration.ofSeconds(2), 2000, ReadingMix.seed(), 4, 100, 50, ackedIds);
    new OpenLoopGenerator(vertx, plan, line -> { }).run()
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.sent()).isEqualTo(4000);
        assertThat(result.acked()).isPositive();
        assertThat(result.acked() + result.refused() + result.notSent()).isEqualTo(result.sent());
        assertThat(result.balanced()).isTrue();
        assertThat(result.p99Millis()).isPositive();
        List<String> lines = Files.readAllLines(ackedIds);
        Set<String> distinct = new HashSet<>(lines);
        assertThat(lines).hasSize((int) result.acked());
        assertThat(distinct).hasSize((int) result.acked());
        assertThat(lines).allMatch(line -> line.matches("lg-sensor-\\d+\tlg-" + result.runId() + "-\\d+"));
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("--json prints one summary object with every key the issue asks for as the last line of stdout")
  void jsonSummaryHasTheRequiredKeys() {
    JsonObject summary = jsonSummaryOf("loadgen", "--url", ingest().toString(), "--rate", "500",
      "--mix", "comms", "--connections", "2", "--duration", "1s", "--warmup", "0s", "--sensors", "5", "--json");
    assertThat(summary.fieldNames()).contains("sent", "acked", "refused", "not_sent", "p50_ms", "p99_ms",
      "p999_ms", "max_ms", "rate_target", "acked_per_s", "duration_s", "protocol", "mix", "mode");
    assertThat(summary.getString("mode")).isEqualTo("open");
    assertThat(summary.getString("protocol")).isEqualTo("http");
    assertThat(summary.getString("mix")).isEqualTo("comms");
    assertThat(summary.getLong("sent")).isEqualTo(500);
    assertThat(summary.getLong("acked")).isPositive();
    assertThat(summary.getJsonObject("refused")).isNotNull();
    assertThat(summary.getDouble("p99_ms")).isPositive();
    assertThat(summary.getBoolean("balanced")).isTrue();
  }

  @Test
  @DisplayName("--protocol tcp drives the binary TCP ingest port the same way, and its acks are on file")
  void tcpRunIsAccountedFor(@TempDir Path dir) throws Exception {
    Path ackedIds = dir.resolve("acked-tcp.tsv");
    JsonObject summary = jsonSummaryOf("loadgen", "--protocol", "tcp", "--url", "tcp://127.0.0.1:" + node.tcpPort(),
      "--rate", "1000", "--mix", "seed", "--connections", "2", "--duration", "1s", "--warmup", "0s",
      "--acked-ids", ackedIds.toString(), "--json");
    assertThat(summary.getString("protocol")).isEqualTo("tcp");
    assertThat(summary.getLong("sent")).isEqualTo(1000);
    assertThat(summary.getLong("acked")).isPositive();
    assertThat(summary.getBoolean("balanced")).isTrue();
    assertThat(new HashSet<>(Files.readAllLines(ackedIds))).hasSize(summary.getLong("acked").intValue());
  }

  @Test
  @DisplayName("an unknown --mix is refused with exit 2 before any reading is sent")
  void unknownMixIsRefused() {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exit;
    try {
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      exit = Kraken.commandLine().execute("loadgen", "--mix", "whale", "--url", ingest().toString());
    } finally {
      System.setErr(originalErr);
    }
    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--mix 'whale' is not valid");
  }
}
