package kraken.simulation;

import kraken.config.Setting;
import kraken.config.Settings;
import kraken.support.Http;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node started with {@code --verticles tactical} in cluster mode runs the simulated feed against the ingest another
 * node published. The test polls on the JUnit thread, so plain assertions fail the test.
 */
@DisplayName("The simulated feed of a node without ingest finds another node's ingest through service discovery")
class SimulatedFeedDiscoveryTest {

  @Test
  @DisplayName("only the tactical node simulates; its readings reach the other node's ingest and show as contacts")
  void tacticalNodeFeedsThroughDiscoveredIngest() throws Exception {
    int gridA = TestNodes.freePort();
    int gridB = TestNodes.freePort();
    Map<Setting<?>, Object> cluster = new HashMap<>();
    cluster.put(Settings.CLUSTER_ENABLED, true);
    cluster.put(Settings.CLUSTER_NAME, "simfeed-" + UUID.randomUUID().toString().substring(0, 8));
    cluster.put(Settings.CLUSTER_MEMBERS, List.of("127.0.0.1:" + gridA, "127.0.0.1:" + gridB));
    Map<Setting<?>, Object> ingestNode = new HashMap<>(cluster);
    ingestNode.put(Settings.VERTICLES, List.of("ingest", "inference"));
    ingestNode.put(Settings.CLUSTER_PORT, gridA);
    Map<Setting<?>, Object> tacticalNode = new HashMap<>(cluster);
    tacticalNode.put(Settings.VERTICLES, List.of("tactical"));
    tacticalNode.put(Settings.CLUSTER_PORT, gridB);
    tacticalNode.put(Settings.SIMULATOR_ENABLED, true);
    TestNodes.Running ingest = TestNodes.start(ingestNode);
    TestNodes.Running tactical = null;
    try {
      tactical = TestNodes.start(tacticalNode);
      String contacts = "http://127.0.0.1:" + tactical.tacticalPort() + "/api/v1/contacts";
      List<String> simulated = List.of("\"C-bow-sonar:T", "\"C-towed-array:T");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      String body = "";
      while (System.nanoTime() < deadline && !simulated.stream().allMatch(body::contains)) {
        Thread.sleep(200);
        body = Http.get(contacts).body();
      }
      assertThat(body).as("simulated contacts, fed by the tactical node through the ingest node").contains(simulated);
      String metrics = Http.get("http://127.0.0.1:" + ingest.opsPort() + "/metrics").body();
      assertThat(metrics).as("the ingest node took the readings")
        .containsPattern("(?m)^kraken_readings_accepted_total [1-9]");
    } finally {
      if (tactical != null) {
        tactical.stop();
      }
      ingest.stop();
    }
  }
}
