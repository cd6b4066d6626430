package kraken.discovery;

import kraken.config.Settings;
import kraken.support.Http;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real node publishes its HTTP endpoints through Vert.x service discovery and {@link EndpointFinder} finds them.
 * The test waits on the JUnit thread for each answer, so plain assertions fail the test.
 */
@DisplayName("Nodes publish their ingest and tactical endpoints; EndpointFinder finds them and refuses what is absent")
class EndpointDiscoveryTest {

  @Test
  @DisplayName("a node with ingest and tactical: both found at cluster.host and their ports, and both answer there")
  void findsAndCallsBoth() throws Exception {
    TestNodes.Running node = TestNodes.start(Map.of(Settings.VERTICLES, List.of("ingest", "inference", "tactical")));
    try (EndpointFinder finder = new EndpointFinder(node.node().vertx())) {
      List<String> ingest = await(finder.find(EndpointRole.INGEST));
      List<String> tactical = await(finder.find(EndpointRole.TACTICAL));
      assertThat(ingest).containsExactly("http://127.0.0.1:" + node.ingestPort());
      assertThat(tactical).containsExactly("http://127.0.0.1:" + node.tacticalPort());
      assertThat(Http.get(await(finder.any(EndpointRole.TACTICAL)) + "/api/v1/contacts").statusCode()).isEqualTo(200);
      assertThat(Http.postJson(ingest.get(0) + "/api/v1/sensors/data", "[]").statusCode())
        .as("ingest answers at the found address (an empty batch is refused as such, not a connection error)")
        .isBetween(200, 499);
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("a node without ingest publishes no ingest endpoint: find is empty and any fails naming the role")
  void absentRoleRefused() throws Exception {
    TestNodes.Running node = TestNodes.start(Map.of(Settings.VERTICLES, List.of("tactical")));
    try (EndpointFinder finder = new EndpointFinder(node.node().vertx())) {
      assertThat(await(finder.find(EndpointRole.INGEST))).isEmpty();
      assertThat(await(finder.find(EndpointRole.TACTICAL))).containsExactly("http://127.0.0.1:" + node.tacticalPort());
      assertThatThrownBy(() -> await(finder.any(EndpointRole.INGEST))).isInstanceOf(ExecutionException.class)
        .cause().hasMessage("no ingest endpoint published (record kraken-ingest): is a node with the ingest verticle "
          + "running in this cluster?");
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("two clustered nodes: each finds the other's endpoint, and a stopped node's record goes with it")
  void findsAcrossTheCluster() throws Exception {
    int gridA = TestNodes.freePort();
    int gridB = TestNodes.freePort();
    Map<kraken.config.Setting<?>, Object> cluster = Map.of(Settings.CLUSTER_ENABLED, true,
      Settings.CLUSTER_NAME, "endpoints-" + java.util.UUID.randomUUID().toString().substring(0, 8),
      Settings.CLUSTER_MEMBERS, List.of("127.0.0.1:" + gridA, "127.0.0.1:" + gridB));
    TestNodes.Running ingest = TestNodes.start(with(cluster, Settings.VERTICLES, List.of("ingest", "inference"),
      Settings.CLUSTER_PORT, gridA));
    TestNodes.Running tactical = null;
    try {
      tactical = TestNodes.start(with(cluster, Settings.VERTICLES, List.of("tactical"), Settings.CLUSTER_PORT, gridB));
      try (EndpointFinder onTactical = new EndpointFinder(tactical.node().vertx());
           EndpointFinder onIngest = new EndpointFinder(ingest.node().vertx())) {
        assertThat(await(onTactical.find(EndpointRole.INGEST))).containsExactly("http://127.0.0.1:" + ingest.ingestPort());
        assertThat(await(onIngest.find(EndpointRole.TACTICAL)))
          .containsExactly("http://127.0.0.1:" + tactical.tacticalPort());
        tactical.stop();
        tactical = null;
        assertThat(await(onIngest.find(EndpointRole.TACTICAL))).as("a drained node unpublishes its endpoints").isEmpty();
      }
    } finally {
      if (tactical != null) {
        tactical.stop();
      }
      ingest.stop();
    }
  }

  private static Map<kraken.config.Setting<?>, Object> with(Map<kraken.config.Setting<?>, Object> base,
                                                            Object... keysAndValues) {
    Map<kraken.config.Setting<?>, Object> all = new java.util.HashMap<>(base);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      all.put((kraken.config.Setting<?>) keysAndValues[i], keysAndValues[i + 1]);
    }
    return all;
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
