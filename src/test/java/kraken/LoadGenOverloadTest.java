package kraken;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.config.Settings;
import kraken.loadgen.LoadPlan;
import kraken.loadgen.OpenLoopGenerator;
import kraken.loadgen.ReadingMix;
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

/** An open loop faster than a node that takes one batch at a time: the refusals carry the server's reason. */
@ExtendWith(VertxExtension.class)
@DisplayName("kraken loadgen counts a node's refusals by the reason the node gives")
class LoadGenOverloadTest {

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.INGEST_MAX_IN_FLIGHT, 1));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  @Test
  @DisplayName("requests beyond ingest.maxInFlightBatches = 1 are counted as refused under 'overloaded'")
  void overloadIsCountedByReason(Vertx vertx, VertxTestContext testContext) {
    LoadPlan plan = LoadPlan.openLoop(URI.create("http://127.0.0.1:" + node.ingestPort()), Duration.ofSeconds(1),
      5000, ReadingMix.parse("comms", null), 8, 5, 20, null);
    new OpenLoopGenerator(vertx, plan, line -> { }).run()
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.refusedByReason()).containsKey("overloaded");
        assertThat(result.refusedByReason().get("overloaded")).isPositive();
        assertThat(result.acked() + result.refused() + result.notSent()).isEqualTo(result.sent());
        assertThat(result.sent()).isEqualTo(5000);
        testContext.completeNow();
      })));
  }
}
