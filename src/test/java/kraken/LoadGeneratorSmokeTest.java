package kraken;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.loadgen.ClosedLoopGenerator;
import kraken.loadgen.LoadPlan;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A short smoke run of the load generator, so CI proves the benchmark path works; figures come from long runs. */
@ExtendWith(VertxExtension.class)
@DisplayName("kraken loadgen drives a node and reports what it measured")
class LoadGeneratorSmokeTest {

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  @Test
  @DisplayName("a one-second run is acknowledged in full and reads the server's latency histogram")
  void smokeRun(Vertx vertx, VertxTestContext testContext) {
    LoadPlan plan = LoadPlan.closedLoop(URI.create("http://127.0.0.1:" + node.ingestPort()),
      URI.create("http://127.0.0.1:" + node.opsPort() + "/metrics"), Duration.ofMillis(300), Duration.ofSeconds(1),
      4, 20, 10);
    new ClosedLoopGenerator(vertx, plan).run().onComplete(testContext.succeeding(result -> testContext.verify(() -> {
      assertThat(result.acceptedReadings()).isPositive();
      assertThat(result.acceptedReadings() % 20).isZero();
      assertThat(result.refusedReadings()).isZero();
      assertThat(result.transportErrors()).isZero();
      assertThat(result.statuses()).containsOnlyKeys(202);
      assertThat(result.latencyMillis(0.99)).isPositive();
      assertThat(result.toJson().getLong("readingsPerSecond")).isPositive();
      assertThat(result.toJson().containsKey("serverIngestToPictureP99UpperBoundMs")).isTrue();
      testContext.completeNow();
    })));
  }
}
