package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import kraken.loadgen.LoadPlan;
import kraken.loadgen.OpenLoopGenerator;
import kraken.loadgen.OpenLoopResult;
import kraken.loadgen.ReadingMix;
import kraken.support.Http;
import kraken.support.KrakenProcess;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short failover drill CI runs (the full one is {@code loadtest/failover-drill.sh}): three packaged-jar nodes
 * in one cluster take a retrying open-loop load over their three ingest ports; one is killed with kill -9 while
 * readings flow and started again; then every acknowledged reading must be in the picture exactly once.
 * Low rate and generous timeouts, because CI shares two cores; nothing here asserts a latency.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A three-node cluster loses no acknowledged reading and counts none twice when a node is killed -9")
class FailoverDrillIT {

  private static final int NODES = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /** The ports of one node; a restarted node takes the same ones, as a real restart would. */
  private record NodePorts(int grid, int ingest, int tactical, int ops, int tcp) {
    static NodePorts free() {
      return new NodePorts(TestNodes.freePort(), TestNodes.freePort(), TestNodes.freePort(), TestNodes.freePort(),
        TestNodes.freePort());
    }

    URI ingestUrl() {
      return URI.create("http://127.0.0.1:" + ingest);
    }
  }

  @Test
  @DisplayName("kill -9 of one node mid-run, then its restart: the drill check finds 0 missing and 0 double-counted")
  void killedNodeLosesNothingAcknowledged(Vertx vertx, @TempDir Path dir) throws Exception {
    List<NodePorts> ports = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      ports.add(NodePorts.free());
    }
    String members = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p.grid()).toList());
    Map<String, String> env = Map.of("KRAKEN_CLUSTER_NAME", "drill-it-" + UUID.randomUUID().toString().substring(0, 8),
      "KRAKEN_CLUSTER_MEMBERS", members, "KRAKEN_LOG_LEVEL", "WARN");
    List<KrakenProcess> processes = new ArrayList<>();
    try {
      for (int i = 0; i < NODES; i++) {
        processes.add(start(i, ports.get(i), env));
      }
      for (KrakenProcess node : processes) {
        node.awaitReady(NODES, READY_TIMEOUT);
      }
      for (NodePorts node : ports) {
        awaitIngestTakesReadings(node);
      }

      Path ackedIds = dir.resolve("acked.tsv");
      LoadPlan plan = LoadPlan.openLoop(ports.get(0).ingestUrl(), Duration.ofSeconds(12), 300, ReadingMix.seed(), 8,
        50, 30, ackedIds).retryingOver(ports.stream().map(NodePorts::ingestUrl).toList());
      Future<OpenLoopResult> load = new OpenLoopGenerator(vertx, plan, line -> { }).run();

      awaitReadingsInPicture(ports.get(0), 600);
      int victim = 1;
      processes.get(victim).kill(Duration.ofSeconds(30));
      KrakenProcess restarted = start(victim, ports.get(victim), env);
      processes.add(restarted);

      OpenLoopResult result = load.toCompletionStage().toCompletableFuture().get(150, TimeUnit.SECONDS);
      restarted.awaitReady(NODES, READY_TIMEOUT);
      assertThat(result.balanced()).as(result.describe()).isTrue();
      assertThat(result.acked()).as(result.describe()).isPositive();

      JsonObject check = drillCheck(ackedIds, ports.get(0));
      assertThat(check.getLong("missing")).as("acknowledged readings missing from the picture: %s", check).isZero();
      assertThat(check.getLong("double_counted")).as("readings counted twice: %s", check).isZero();
      assertThat(check.getLong("acked")).as("the check saw every acknowledged reading").isEqualTo(result.acked());
      assertThat(check.getBoolean("ok")).isTrue();
    } finally {
      for (KrakenProcess process : processes) {
        process.close();
      }
    }
  }

  private static KrakenProcess start(int index, NodePorts node, Map<String, String> env) throws IOException {
    return KrakenProcess.startJar("drill-node-" + index, node.ops(), env, "--cluster", "--no-simulator",
      "--set", "cluster.port=" + node.grid(), "--set", "ingest.http.port=" + node.ingest(),
      "--set", "tactical.http.port=" + node.tactical(), "--set", "ops.http.port=" + node.ops(),
      "--set", "ingest.tcp.port=" + node.tcp());
  }

  /** Ingest answers 503 until it has heard of the pipeline's consumers cluster-wide. */
  private static void awaitIngestTakesReadings(NodePorts node) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String body = Readings.passiveSonar("probe-" + node.ingest(), "drill-probe", 0.03, 120).encode();
    HttpResponse<String> response;
    do {
      response = Http.postJson(node.ingestUrl() + "/api/v1/sensors/data", body);
      if (response.statusCode() == 202) {
        return;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("ingest on " + node.ingest() + " never took a reading: " + response.body());
  }

  /** Polls the picture until the run's sensors hold {@code readings}, so the kill lands while readings flow. */
  private static void awaitReadingsInPicture(NodePorts node, long readings) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long seen = 0;
    while (System.nanoTime() < deadline) {
      JsonObject contacts = new JsonObject(Http.get("http://127.0.0.1:" + node.tactical() + "/api/v1/contacts?limit=1000").body());
      seen = contacts.getJsonArray("contacts").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("contactId").startsWith("C-lg-sensor-"))
        .mapToLong(c -> c.getLong("readingCount")).sum();
      if (seen >= readings) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("only " + seen + " readings reached the picture within 60 s");
  }

  /** Runs {@code kraken drill-check --json} as the script does, and returns its verdict. */
  private static JsonObject drillCheck(Path ackedIds, NodePorts survivor) {
    PrintStream originalOut = System.out;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      exit = Kraken.commandLine().execute("drill-check", "--acked-ids", ackedIds.toString(),
        "--tactical-url", "http://127.0.0.1:" + survivor.tactical(), "--json");
    } finally {
      System.setOut(originalOut);
    }
    String[] lines = stdout.toString(StandardCharsets.UTF_8).strip().split("\n");
    JsonObject verdict = new JsonObject(lines[lines.length - 1]);
    assertThat(exit).as("drill-check exit code; verdict %s", verdict).isZero();
    return verdict;
  }
}
