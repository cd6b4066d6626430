package kraken.loadgen;

import io.vertx.core.json.JsonObject;
import kraken.Kraken;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kraken loadgen --target discover} against a real cluster in this JVM: the generator joins as a Hazelcast
 * lite member, finds ingest through the records the nodes publish, and sends there. The command runs on the JUnit
 * thread as a user would run it, so plain assertions fail the test.
 */
@DisplayName("kraken loadgen --target discover finds ingest through service discovery")
class LoadGenDiscoveryTest {

  @Test
  @DisplayName("two nodes (ingest+inference, tactical): the generator finds the one ingest endpoint and its "
    + "readings are acknowledged")
  void findsIngestAndIsAcknowledged() throws Exception {
    Cluster cluster = new Cluster();
    TestNodes.Running ingest = TestNodes.start(cluster.node(List.of("ingest", "inference"), cluster.gridA));
    TestNodes.Running tactical = null;
    try {
      tactical = TestNodes.start(cluster.node(List.of("tactical"), cluster.gridB));
      Run run = loadgen(cluster.loadgenArgs("--target", "discover", "--rate", "40", "--duration", "2s",
        "--warmup", "0s", "--connections", "2", "--batch", "10", "--sensors", "5", "--json"));
      String endpoint = "http://127.0.0.1:" + ingest.ingestPort();
      assertThat(run.exit).as("exit code; stderr: %s", run.stderr).isZero();
      assertThat(run.stderr).contains("found 1 ingest endpoint(s): [" + endpoint + "]");
      JsonObject summary = run.summary();
      assertThat(summary.getJsonArray("targets").getList()).containsExactly(endpoint);
      assertThat(summary.getLong("acked")).isPositive();
      assertThat(summary.getLong("refused_total")).isZero();
      assertThat(summary.getBoolean("balanced")).isTrue();
    } finally {
      if (tactical != null) {
        tactical.stop();
      }
      ingest.stop();
    }
  }

  @Test
  @DisplayName("a cluster whose only node has no ingest: exit 1, naming the missing kraken-ingest record")
  void noIngestPublishedFailsClearly() throws Exception {
    Cluster cluster = new Cluster();
    TestNodes.Running tactical = TestNodes.start(cluster.node(List.of("tactical"), cluster.gridA));
    try {
      Run run = loadgen(cluster.loadgenArgs("--discover", "--duration", "1s", "--json"));
      assertThat(run.exit).as("stderr: %s", run.stderr).isEqualTo(1);
      assertThat(run.stderr).contains("no ingest endpoint published (record kraken-ingest): is a node with the "
        + "ingest verticle running in this cluster?");
    } finally {
      tactical.stop();
    }
  }

  @Test
  @DisplayName("--target discover with --url or --protocol tcp is refused before joining anything (exit 2)")
  void conflictingFlagsRefused() {
    Run withUrl = loadgen("loadgen", "--target", "discover", "--url", "http://127.0.0.1:9999");
    assertThat(withUrl.exit).isEqualTo(2);
    assertThat(withUrl.stderr).contains("--target discover finds the ingest URLs itself; drop --url");
    Run withTcp = loadgen("loadgen", "--discover", "--protocol", "tcp");
    assertThat(withTcp.exit).isEqualTo(2);
    assertThat(withTcp.stderr).contains("--target discover finds HTTP ingest endpoints only");
  }

  /** A fresh cluster name and grid ports, so that parallel runs on the machine never join each other. */
  private static final class Cluster {
    final String name = "loadgen-" + UUID.randomUUID().toString().substring(0, 8);
    final int gridA = TestNodes.freePort();
    final int gridB = TestNodes.freePort();
    final String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;

    Map<Setting<?>, Object> node(List<String> verticles, int gridPort) {
      Map<Setting<?>, Object> settings = new HashMap<>();
      settings.put(Settings.CLUSTER_ENABLED, true);
      settings.put(Settings.CLUSTER_NAME, name);
      settings.put(Settings.CLUSTER_MEMBERS, List.of(members.split(",")));
      settings.put(Settings.CLUSTER_PORT, gridPort);
      settings.put(Settings.VERTICLES, verticles);
      return settings;
    }

    String[] loadgenArgs(String... flags) {
      List<String> args = new java.util.ArrayList<>(List.of("loadgen", "--cluster-members", members,
        "--set", "cluster.name=" + name, "--set", "cluster.port=" + TestNodes.freePort()));
      args.addAll(List.of(flags));
      return args.toArray(String[]::new);
    }
  }

  private record Run(int exit, String stdout, String stderr) {
    JsonObject summary() {
      String[] lines = stdout.strip().split("\n");
      return new JsonObject(lines[lines.length - 1]);
    }
  }

  private static Run loadgen(String... args) {
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
    return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
  }
}
