package kraken.scaling;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import kraken.PostgresAvailableTest;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("With postgres.uri set, the scaler's decisions are written to scaling_decisions with inputs and reasons")
class DecisionPersistenceTest {

  @Test
  @DisplayName("the first decision of a fresh node is in scaling_decisions: policy, signal, reasons and inputs as JSON")
  void decisionsReachPostgres(Vertx vertx, VertxTestContext testContext) throws Exception {
    String uri = PostgresAvailableTest.uri();
    String nodeId = "scaler-pg-" + UUID.randomUUID().toString().substring(0, 8);
    Map<Setting<?>, Object> settings = new HashMap<>(LocalScalingTest.scalingSettings());
    settings.put(Settings.POSTGRES_URI, uri);
    settings.put(Settings.NODE_ID, nodeId);
    TestNodes.Running node = TestNodes.start(settings);
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(uri)).using(vertx).build();
    Attempts.until(vertx, () -> pool.preparedQuery("SELECT policy, target, signal, reasons, inputs, actuation, "
          + "desired_replicas FROM scaling_decisions WHERE scaler_node = $1").execute(Tuple.of(nodeId)),
        (RowSet<Row> rows) -> rows.size() > 0, System.currentTimeMillis() + 20_000)
      .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
        assertThat(rows.size()).as("decisions of " + nodeId).isPositive();
        Row first = rows.iterator().next();
        assertThat(first.getString("policy")).isEqualTo("local/embedded-inference");
        assertThat(first.getString("target")).isEqualTo("kraken-inference");
        assertThat(first.getString("signal")).isEqualTo("floor");
        assertThat(first.getInteger("desired_replicas")).isEqualTo(1);
        assertThat(first.getJsonArray("reasons").getString(0)).startsWith("threat: highest level Benign");
        assertThat(first.getJsonObject("inputs").getString("highestThreat")).isEqualTo("Benign");
        assertThat(first.getString("actuation")).isEqualTo("none");
        pool.close();
        node.stop();
        testContext.completeNow();
      })));
  }
}
