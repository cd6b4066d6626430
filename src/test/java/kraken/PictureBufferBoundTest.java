package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.PictureRows;
import kraken.support.Readings;
import kraken.support.StoredReadings;
import kraken.support.TcpProxy;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * persistence.maxBufferedRows bounds what the picture recorder holds while PostgreSQL is away: past it the oldest rows
 * are dropped and counted, the newest are written when the database is back.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The picture recorder's buffer is bounded: during an outage the oldest rows are dropped and counted")
class PictureBufferBoundTest {

  private static final long DEADLINE_MS = 30_000;
  private static final int BOUND = 5;
  private static Vertx proxyVertx;
  private static TcpProxy proxy;
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    proxyVertx = Vertx.vertx();
    proxy = TcpProxy.startInFrontOfTestPostgres(proxyVertx);
    String throughProxy = proxy.testPostgresUri();
    node = TestNodes.start(Map.of(Settings.POSTGRES_URI, throughProxy, Settings.POSTGRES_CONNECT_TIMEOUT_MS, 1000,
      Settings.PERSISTENCE_FLUSH_MS, 50, Settings.PERSISTENCE_MAX_BUFFERED_ROWS, BOUND));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop();
    }
    proxy.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    proxyVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  @DisplayName("eight contacts changed during an outage with a bound of five: the first three are dropped and counted, the last five written")
  void oldestRowsAreDroppedAndCounted(Vertx vertx, VertxTestContext testContext) {
    String prefix = StoredReadings.uniquePrefix();
    WebClient client = WebClient.create(vertx);
    Pool db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(vertx).build();
    int changed = 8;
    client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .sendJsonObject(Readings.activeSonar("r-0", prefix + "before", 0.5, 5000))
      // the buffer starts empty: the row made before the outage is written first
      .compose(ack -> PictureRows.atLeast(vertx, db, "C-" + prefix + "before", 1, System.currentTimeMillis() + DEADLINE_MS))
      .compose(rows -> {
        testContext.verify(() -> assertThat(rows).hasSize(1));
        return proxy.stop();
      })
      .compose(v -> {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < changed; i++) {
          String sensor = prefix + "s" + i;
          chain = chain.compose(ignored -> client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
            .sendJsonObject(Readings.activeSonar("r-1", sensor, 0.5, 5000)).compose(ack -> ack.statusCode() == 202
              ? Future.succeededFuture() : Future.failedFuture("reading of " + sensor + " answered " + ack.statusCode())));
        }
        return chain;
      })
      .compose(v -> PictureRows.metric(client, node.opsPort(), "kraken_persistence_dropped_total"))
      .compose(dropped -> {
        testContext.verify(() -> assertThat(dropped).as("rows dropped at the bound").isEqualTo(changed - BOUND));
        return PictureRows.metric(client, node.opsPort(), "kraken_persistence_buffered_rows");
      })
      .compose(buffered -> {
        testContext.verify(() -> assertThat(buffered).as("rows held").isEqualTo(BOUND));
        return proxy.start();
      })
      .compose(port -> PictureRows.atLeast(vertx, db, "C-" + prefix + "s", BOUND, System.currentTimeMillis() + DEADLINE_MS))
      .compose(rows -> {
        testContext.verify(() -> {
          List<String> contacts = rows.stream().map(row -> row.getString("contact_id")).sorted().toList();
          assertThat(contacts).as("the newest rows are the ones kept").containsExactly(
            "C-" + prefix + "s3", "C-" + prefix + "s4", "C-" + prefix + "s5", "C-" + prefix + "s6", "C-" + prefix + "s7");
        });
        return Attempts.until(vertx, () -> PictureRows.metric(client, node.opsPort(), "kraken_persistence_written_total"),
          written -> written >= 1 + BOUND, System.currentTimeMillis() + DEADLINE_MS);
      })
      .compose(written -> {
        testContext.verify(() -> assertThat(written).as("rows written in all").isEqualTo(1.0 + BOUND));
        return PictureRows.delete(db, "C-" + prefix);
      })
      .eventually(db::close)
      .onComplete(testContext.succeedingThenComplete());
  }
}
