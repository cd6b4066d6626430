package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.OperatorRows;
import kraken.support.PictureRows;
import kraken.support.Readings;
import kraken.support.StoredReadings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real PostgreSQL server stopped and started mid-run, under a node with persistence on. The server is a cluster of
 * its own ({@code scripts/postgres-restartable.sh}, port 5439), stopped and started with {@code pg_ctlcluster}: stopping
 * the shared test server would fail every other test using it at the same time. Whatever happens, the server is
 * started again (finally, and after all) and waited for with {@code pg_isready}.
 *
 * <p>Written in blocking steps (like ApiContractTest) so that the restart sits in one finally block.
 */
@DisplayName("PostgreSQL stopped and started mid-run: the picture goes on, and nothing acknowledged is lost")
class PostgresRestartTest {

  private static final long DEADLINE_MS = 30_000;
  private static final int MAX_PENDING = 4;

  private static String uri;
  private static String[] cluster;
  private static int port;
  private static Vertx vertx;
  private static WebClient client;
  private static Pool db;
  private static TestNodes.Running node;
  private final String prefix = StoredReadings.uniquePrefix();

  @BeforeAll
  static void startServerAndNode() throws Exception {
    uri = run("bash", "scripts/postgres-restartable.sh").strip();
    port = kraken.config.PostgresUri.parse(uri).port();
    cluster = clusterOnPort(port);
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(uri)).using(vertx).build();
    node = TestNodes.start(Map.of(Settings.POSTGRES_URI, uri, Settings.PERSISTENCE_ENABLED, "true",
      Settings.PERSISTENCE_FLUSH_MS, 50, Settings.POSTGRES_CONNECT_TIMEOUT_MS, 1000,
      Settings.POSTGRES_WRITE_TIMEOUT_MS, 2000, Settings.OPERATOR_MAX_PENDING_RECORDS, MAX_PENDING));
  }

  @AfterAll
  static void stopAll() throws Exception {
    try {
      startServer();
      if (node != null) {
        node.stop();
      }
    } finally {
      if (db != null) {
        db.close();
      }
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  @DisplayName("while the server is down ingest and the picture go on, operator commands are acknowledged up to the "
    + "bound and refused beyond it, the outage shows in metrics; back up, every acknowledged record reaches PostgreSQL")
  void stopAndStartMidRun() throws Exception {
    String contactA = "C-" + prefix + "sonar-a";
    String contactB = "C-" + prefix + "sonar-b";
    List<String> classificationIds = new ArrayList<>();
    List<String> actionIds = new ArrayList<>();
    int readings = 0;

    // before: readings and one classification, all in PostgreSQL
    readings += ingest(prefix + "sonar-a", "before-1") + ingest(prefix + "sonar-b", "before-1");
    classificationIds.add(recordId(ok(classify(contactA, "trawler", "slow, steady course"))));
    await(OperatorRows.atLeast(vertx, db, OperatorRows.CLASSIFICATIONS, "C-" + prefix, 1, deadline()));
    assertThat(await(PictureRows.atLeast(vertx, db, "C-" + prefix, readings, deadline()))).hasSize(readings);

    long readingCountBefore = contact(contactA).getLong("readingCount");
    try {
      stopServer();
      assertThat(ready()).as("pg_isready once the server is stopped").isFalse();

      // ingest and the picture go on
      for (int i = 0; i < 3; i++) {
        readings += ingest(prefix + "sonar-a", "down-" + i) + ingest(prefix + "sonar-b", "down-" + i);
      }
      assertThat(contact(contactA).getLong("readingCount")).as("the picture while the server is down")
        .isEqualTo(readingCountBefore + 3);

      // operator commands are acknowledged up to the bound of records waiting for PostgreSQL
      classificationIds.add(recordId(ok(classify(contactA, "frigate", "radar signature changed"))));
      actionIds.add(recordId(ok(act(contactA, "Track", "course change towards us"))));
      classificationIds.add(recordId(ok(classify(contactB, "submarine", "machinery line at 210 Hz"))));
      actionIds.add(recordId(ok(act(contactB, "Intercept", "closing inside 10 km"))));
      JsonObject shown = contact(contactB);
      assertThat(shown.getJsonObject("operatorClassification").getString("vesselClass")).isEqualTo("submarine");
      assertThat(shown.getJsonObject("operatorAction").getString("action")).isEqualTo("Intercept");

      HttpResponse<Buffer> refused = act(contactA, "Engage", "one too many while the database is away");
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
      assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
      JsonObject error = refused.bodyAsJsonObject();
      assertThat(error.getString("reason")).isEqualTo("storage_unavailable");
      assertThat(error.getString("error")).contains("PostgreSQL is unreachable", "operator.maxPendingRecords=" + MAX_PENDING);
      assertThat(contact(contactA).getJsonObject("operatorAction").getString("action"))
        .as("a refused command changes nothing").isEqualTo("Track");

      // the outage is visible
      assertThat(await(until(() -> PictureRows.metric(client, node.opsPort(), "kraken_operator_records_pending"),
        pending -> pending == MAX_PENDING))).as("operator records waiting").isEqualTo(MAX_PENDING);
      assertThat(await(until(() -> PictureRows.metric(client, node.opsPort(), "kraken_persistence_failures_total"),
        failures -> failures >= 1))).as("failed picture flushes").isGreaterThanOrEqualTo(1.0);
      assertThat(await(PictureRows.metric(client, node.opsPort(), "kraken_persistence_buffered_rows")))
        .as("assessments waiting").isEqualTo(6.0);
    } finally {
      startServer();
    }

    // back up: everything acknowledged arrives, once
    List<Row> classifications = await(OperatorRows.atLeast(vertx, db, OperatorRows.CLASSIFICATIONS, "C-" + prefix,
      classificationIds.size(), deadline()));
    assertThat(ids(classifications)).as("classifications in PostgreSQL").containsExactlyInAnyOrderElementsOf(classificationIds);
    List<Row> actions = await(OperatorRows.atLeast(vertx, db, OperatorRows.COMBAT_ACTIONS, "C-" + prefix,
      actionIds.size(), deadline()));
    assertThat(ids(actions)).as("combat actions in PostgreSQL").containsExactlyInAnyOrderElementsOf(actionIds);
    List<Row> assessments = await(PictureRows.atLeast(vertx, db, "C-" + prefix, readings, deadline()));
    assertThat(assessments).as("threat assessments: one per acknowledged reading").hasSize(readings);
    assertThat(await(until(() -> PictureRows.metric(client, node.opsPort(), "kraken_operator_records_pending"),
      pending -> pending == 0))).as("operator records waiting after the restart").isZero();
    assertThat(await(PictureRows.metric(client, node.opsPort(), "kraken_persistence_dropped_total")))
      .as("assessments dropped").isZero();
    await(OperatorRows.deleteAll(db, "C-" + prefix));
  }

  private int ingest(String sensor, String id) throws Exception {
    HttpResponse<Buffer> ack = await(client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .sendJsonObject(Readings.activeSonar(id, sensor, 0.5, 5000)));
    assertThat(ack.statusCode()).as("ingest of %s/%s: %s", sensor, id, ack.bodyAsString()).isEqualTo(202);
    return 1;
  }

  private HttpResponse<Buffer> classify(String contactId, String vesselClass, String reason) throws Exception {
    return await(client.post(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/" + contactId + "/classify")
      .sendJsonObject(new JsonObject().put("operator", "lt-kim").put("vesselClass", vesselClass).put("reason", reason)));
  }

  private HttpResponse<Buffer> act(String contactId, String action, String reason) throws Exception {
    return await(client.post(node.tacticalPort(), "127.0.0.1", "/api/v1/combat/action")
      .sendJsonObject(new JsonObject().put("operator", "cdr-ames").put("contactId", contactId).put("action", action)
        .put("reason", reason)));
  }

  private JsonObject contact(String contactId) throws Exception {
    HttpResponse<Buffer> response = await(client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/" + contactId)
      .send());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response;
  }

  private static String recordId(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("record").getString("id");
  }

  private static Set<String> ids(List<Row> rows) {
    Set<String> ids = new HashSet<>();
    rows.forEach(row -> ids.add(row.getUUID("id").toString()));
    return ids;
  }

  private static <T> Future<T> until(Supplier<Future<T>> attempt, Predicate<T> done) {
    return Attempts.until(vertx, attempt, done, deadline());
  }

  private static long deadline() {
    return System.currentTimeMillis() + DEADLINE_MS;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(DEADLINE_MS + 10_000, TimeUnit.MILLISECONDS);
  }

  /** {version, name} of the cluster listening on the port, from pg_lsclusters. */
  private static String[] clusterOnPort(int port) throws Exception {
    for (String line : run("pg_lsclusters", "--no-header").split("\n")) {
      String[] columns = line.trim().split("\\s+");
      if (columns.length >= 3 && columns[2].equals(Integer.toString(port))) {
        return new String[] {columns[0], columns[1]};
      }
    }
    throw new IllegalStateException("no PostgreSQL cluster on port " + port + " in pg_lsclusters");
  }

  private static void stopServer() throws Exception {
    run("pg_ctlcluster", cluster[0], cluster[1], "stop", "-m", "fast");
  }

  /** Starts the server unless it answers already, and waits until pg_isready says it accepts connections. */
  private static void startServer() throws Exception {
    if (cluster == null || ready()) {
      return;
    }
    run("pg_ctlcluster", cluster[0], cluster[1], "start");
    long deadline = deadline();
    while (!ready()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("PostgreSQL " + cluster[0] + "/" + cluster[1] + " not ready within "
          + DEADLINE_MS + " ms of its start");
      }
      Thread.sleep(100);
    }
  }

  private static boolean ready() throws Exception {
    Process check = new ProcessBuilder("pg_isready", "-q", "-h", "127.0.0.1", "-p", Integer.toString(port))
      .redirectErrorStream(true).start();
    return check.waitFor(10, TimeUnit.SECONDS) && check.exitValue() == 0;
  }

  /** Runs a command; its standard output, or an exception with everything it said when it fails. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
