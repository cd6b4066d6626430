package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import kraken.bus.Addresses;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node records the picture in the real PostgreSQL through a TCP proxy; cutting the proxy is an outage the node
 * says so about (a critical persistence_outage alert naming the node and the error), and the alert clears once the
 * buffered rows are written after the proxy is back.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A PostgreSQL outage raises a critical system alert that clears when the database answers again")
class PersistenceOutageAlertTest {

  private static final long DEADLINE_MS = 30_000;
  private static Vertx proxyVertx;
  private static TcpProxy proxy;
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    proxyVertx = Vertx.vertx();
    proxy = TcpProxy.startInFrontOfTestPostgres(proxyVertx);
    node = TestNodes.start(Map.of(Settings.POSTGRES_URI, proxy.testPostgresUri(), Settings.POSTGRES_CONNECT_TIMEOUT_MS,
      1000, Settings.PERSISTENCE_FLUSH_MS, 50));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop();
    }
    proxy.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    proxyVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Future<JsonArray> alerts(WebClient client) {
    return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/alerts").send().map(HttpResponse::bodyAsJsonObject)
      .map(body -> body.getJsonArray("alerts"));
  }

  private static JsonObject alert(JsonArray alerts, String id) {
    return alerts.stream().map(JsonObject.class::cast).filter(a -> id.equals(a.getString("id"))).findFirst()
      .orElse(null);
  }

  private static Future<Void> post(WebClient client, JsonObject reading) {
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJsonObject(reading)
      .compose(ack -> ack.statusCode() == 202 ? Future.succeededFuture()
        : Future.failedFuture("ingest answered " + ack.statusCode() + ": " + ack.bodyAsString()));
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  @DisplayName("the proxy cut: persistence_outage:<node> (critical) in the API and on console.alerts; back: cleared, rows written")
  void outageRaisesThenClears(Vertx vertx, VertxTestContext testContext) throws Exception {
    String prefix = StoredReadings.uniquePrefix();
    String id = "persistence_outage:" + node.node().config().get(Settings.NODE_ID);
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> console = node.node().vertx().eventBus().consumer(Addresses.ALERTS,
      message -> published.add(message.body()));
    console.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    WebClient client = WebClient.create(vertx);
    Pool db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(vertx).build();
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    alerts(client)
      .compose(before -> {
        testContext.verify(() -> assertThat(alert(before, id)).as("no outage before the cut").isNull());
        return proxy.stop();
      })
      .compose(v -> post(client, Readings.activeSonar("o-1", prefix + "out", 0.5, 5000)))
      .compose(v -> Attempts.until(vertx, () -> alerts(client), list -> alert(list, id) != null, deadline))
      .compose(list -> {
        testContext.verify(() -> {
          JsonObject outage = alert(list, id);
          assertThat(outage).as(list.encodePrettily()).isNotNull();
          assertThat(outage.getString("kind")).isEqualTo("persistence_outage");
          assertThat(outage.getString("severity")).isEqualTo("critical");
          assertThat(outage.getString("message")).contains("PostgreSQL").contains("wait in memory");
          assertThat(published.stream().filter(m -> "raised".equals(m.getString("type"))
            && id.equals(m.getJsonObject("alert").getString("id")))).hasSize(1);
        });
        return proxy.start();
      })
      .compose(port -> Attempts.until(vertx, () -> alerts(client), list -> alert(list, id) == null, deadline))
      .compose(list -> {
        testContext.verify(() -> {
          assertThat(alert(list, id)).as("cleared once PostgreSQL answers").isNull();
          assertThat(published.stream().filter(m -> "cleared".equals(m.getString("type"))
            && id.equals(m.getJsonObject("alert").getString("id")))).hasSize(1);
        });
        return PictureRows.atLeast(vertx, db, "C-" + prefix + "out", 1, deadline);
      })
      .compose(rows -> {
        testContext.verify(() -> assertThat(rows).as("the buffered row written").hasSize(1));
        return PictureRows.delete(db, "C-" + prefix);
      })
      .eventually(db::close)
      .eventually(console::unregister)
      .onComplete(testContext.succeedingThenComplete());
  }
}
