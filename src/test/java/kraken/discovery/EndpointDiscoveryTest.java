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

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
