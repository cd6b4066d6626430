package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.Readings;
import kraken.support.StoredReadings;
import kraken.support.TcpProxy;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest with {@code readings.persist=true} against the real PostgreSQL, reached through a proxy the test can cut:
 * an acknowledged reading is in the database; during an outage nothing is acknowledged and the sender hears why;
 * once the database is back the same reading is taken, and stored once.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("With readings.persist=true ingest acknowledges only what PostgreSQL keeps")
class IngestPersistenceTest {

  private static final long RECOVERY_DEADLINE_MS = 20_000;
  private static Vertx proxyVertx;
  private static TcpProxy proxy;
  private static TestNodes.Running node;
  private static final String SENSOR = StoredReadings.uniquePrefix() + "persisted-sonar";

  @BeforeAll
  static void startNode() throws Exception {
    proxyVertx = Vertx.vertx();
    proxy = TcpProxy.startInFrontOfTestPostgres(proxyVertx);
    String throughProxy = proxy.testPostgresUri();
    // raw readings only: the picture's own recording is PicturePersistenceTest's
    node = TestNodes.start(Map.of(Settings.POSTGRES_URI, throughProxy, Settings.READINGS_PERSIST, true,
      Settings.POSTGRES_CONNECT_TIMEOUT_MS, 1000, Settings.PERSISTENCE_ENABLED, "false"));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop();
    }
    proxy.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    proxyVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Future<HttpResponse<Buffer>> post(WebClient client, JsonObject reading) {
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJsonObject(reading);
  }

  private static Future<Long> stored(Pool db, String readingId) {
    return db.preparedQuery("SELECT count(*) FROM raw_readings WHERE sensor_id = $1 AND reading_id = $2")
      .execute(Tuple.of(SENSOR, readingId)).map(rows -> rows.iterator().next().getLong(0));
  }

  @Test
  @DisplayName("acknowledged means stored; an outage refuses with storage_unavailable and takes nothing; then it recovers")
  void outageRefusesThenRecovers(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    Pool db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(vertx).build();
    JsonObject before = Readings.activeSonar("persist-1", SENSOR, 0.4, 9000);
    JsonObject during = Readings.activeSonar("persist-2", SENSOR, 0.4, 9000);
    post(client, before)
      .compose(ack -> {
        testContext.verify(() -> assertThat(ack.statusCode()).isEqualTo(202));
        return stored(db, "persist-1");
      })
      .compose(count -> {
        testContext.verify(() -> assertThat(count).as("an acknowledged reading is in PostgreSQL").isEqualTo(1L));
        return proxy.stop();
      })
      .compose(v -> post(client, during))
      .compose(refused -> {
        testContext.verify(() -> {
          assertThat(refused.statusCode()).isEqualTo(503);
          assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
          JsonObject problem = refused.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
          assertThat(problem.getString("reason")).isEqualTo("storage_unavailable");
          assertThat(problem.getString("message")).contains("127.0.0.1:" + proxy.port()).contains("not taken");
        });
        return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-" + SENSOR).send();
      })
      .compose(contact -> {
        testContext.verify(() -> assertThat(contact.bodyAsJsonObject().getLong("readingCount"))
          .as("the refused reading is not in the picture either").isEqualTo(1L));
        return proxy.start();
      })
      // the pool reconnects on its own after the outage: resend until a 202, within a deadline
      .compose(port -> Attempts.until(vertx, () -> post(client, during), response -> response.statusCode() == 202,
        System.currentTimeMillis() + RECOVERY_DEADLINE_MS))
      .compose(ack -> {
        testContext.verify(() -> assertThat(ack.statusCode()).isEqualTo(202));
        return post(client, during);
      })
      .compose(again -> {
        testContext.verify(() -> assertThat(again.bodyAsJsonObject().getInteger("duplicates")).isEqualTo(1));
        return stored(db, "persist-2");
      })
      .compose(count -> {
        testContext.verify(() -> assertThat(count).as("resent, stored once").isEqualTo(1L));
        return db.preparedQuery("DELETE FROM raw_readings WHERE sensor_id = $1").execute(Tuple.of(SENSOR));
      })
      .eventually(db::close)
      .onComplete(testContext.succeedingThenComplete());
  }
}
