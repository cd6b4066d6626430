package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.PictureRows;
import kraken.support.Readings;
import kraken.support.StoredReadings;
import kraken.support.TcpProxy;
import kraken.support.TestNodes;
import kraken.tactical.picture.LocalPlane;
import kraken.tactical.picture.TrackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A real node with persistence on, recording its picture in the real PostgreSQL through a proxy the test can cut:
 * folded assessments arrive in threat_assessments, duplicates add nothing, and an outage holds up neither ingest
 * nor the picture; what was buffered is written once when the database is back.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("With persistence on, the assessments tactical folds are recorded in PostgreSQL, through outages")
class PicturePersistenceTest {

  private static final long DEADLINE_MS = 30_000;
  private static Vertx proxyVertx;
  private static TcpProxy proxy;
  private static TestNodes.Running node;

  private static final Set<String> PREFIXES = ConcurrentHashMap.newKeySet();
  private final String prefix = StoredReadings.uniquePrefix();
  private boolean cut;
  private WebClient client;
  private Pool db;

  @BeforeAll
  static void startNode() throws Exception {
    proxyVertx = Vertx.vertx();
    proxy = TcpProxy.startInFrontOfTestPostgres(proxyVertx);
    String throughProxy = proxy.testPostgresUri();
    node = TestNodes.start(Map.of(Settings.POSTGRES_URI, throughProxy, Settings.PERSISTENCE_ENABLED, "true",
      Settings.POSTGRES_CONNECT_TIMEOUT_MS, 1000, Settings.PERSISTENCE_FLUSH_MS, 50,
      Settings.PERSISTENCE_SNAPSHOT_INTERVAL_MS, 1000));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop();
    }
    // the node snapshotted its contacts until it stopped: remove what it wrote after each test's clean-up
    Pool db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(proxyVertx)
      .build();
    Future<Void> deleted = Future.succeededFuture();
    for (String prefix : PREFIXES) {
      deleted = deleted.compose(v -> PictureRows.deleteSnapshots(db, "C-" + prefix));
    }
    deleted.eventually(db::close).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    proxy.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    proxyVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void clients(Vertx vertx) {
    PREFIXES.add(prefix);
    client = WebClient.create(vertx);
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(vertx).build();
  }

  @AfterEach
  void cleanUp(VertxTestContext testContext) {
    // a test that failed mid-outage must not leave the next one without its database
    Future<?> restore = cut ? restore() : Future.succeededFuture();
    restore.compose(v -> PictureRows.delete(db, "C-" + prefix))
      .compose(v -> PictureRows.deleteSnapshots(db, "C-" + prefix))
      .compose(v -> PictureRows.deleteTrackPoints(db, "C-" + prefix))
      .eventually(db::close)
      .onComplete(testContext.succeedingThenComplete());
  }

  private Future<Void> cut() {
    cut = true;
    return proxy.stop();
  }

  private Future<Integer> restore() {
    cut = false;
    return proxy.start();
  }

  private Future<HttpResponse<Buffer>> post(JsonObject reading) {
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJsonObject(reading);
  }

  @Test
  @DisplayName("each assessment that changed a contact is one row with its level, action, evidence, models and node; a resent reading adds none")
  void foldedAssessmentsArrive(Vertx vertx, VertxTestContext testContext) {
    String sensorA = prefix + "sonar-a";
    String sensorB = prefix + "sonar-b";
    post(Readings.activeSonar("r-1", sensorA, 0.9, 900))
      .compose(ack -> post(Readings.activeSonar("r-2", sensorA, 0.9, 900)))
      .compose(ack -> post(Readings.activeSonar("r-1", sensorA, 0.9, 900)))
      .compose(duplicate -> {
        testContext.verify(() -> assertThat(duplicate.bodyAsJsonObject().getInteger("duplicates")).isEqualTo(1));
        // rows are written in fold order: once B's row is there, a row for the duplicate would be too
        return post(Readings.activeSonar("r-3", sensorB, 0.2, 9000));
      })
      .compose(ack -> PictureRows.atLeast(vertx, db, "C-" + sensorB, 1, System.currentTimeMillis() + DEADLINE_MS))
      .compose(rowsOfB -> {
        testContext.verify(() -> assertThat(rowsOfB).as("rows of contact B").hasSize(1));
        return PictureRows.rows(db, "C-" + sensorA);
      })
      .onComplete(testContext.succeeding(rowsOfA -> testContext.verify(() -> {
        assertThat(rowsOfA).as("rows of contact A: two fresh readings, one resent").hasSize(2);
        for (Row row : rowsOfA) {
          assertThat(row.getString("contact_id")).isEqualTo("C-" + sensorA);
          assertThat(row.getString("threat_level")).isNotBlank();
          assertThat(row.getString("action")).isNotBlank();
          assertThat(row.getDouble("confidence")).isBetween(0.0, 1.0);
          assertThat(row.getArrayOfStrings("models")).isNotEmpty();
          assertThat(((JsonArray) row.getValue("evidence"))).isNotEmpty();
          assertThat(row.getBoolean("degraded")).isFalse();
          assertThat(row.getString("tactical_node")).isEqualTo(node.node().state().nodeId());
          assertThat(row.getOffsetDateTime("assessed_at")).isNotNull();
          assertThat(row.getOffsetDateTime("recorded_at")).isNotNull();
        }
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  @DisplayName("with PostgreSQL cut off ingest still acknowledges and the picture still updates; back up, every buffered row is written once")
  void outageBuffersThenWritesOnce(Vertx vertx, VertxTestContext testContext) {
    String sensor = prefix + "sonar-outage";
    int duringOutage = 6;
    post(Readings.activeSonar("before", sensor, 0.5, 5000))
      .compose(ack -> PictureRows.atLeast(vertx, db, "C-" + sensor, 1, System.currentTimeMillis() + DEADLINE_MS))
      .compose(rows -> {
        testContext.verify(() -> assertThat(rows).as("written before the outage").hasSize(1));
        return cut();
      })
      .compose(v -> postInTurn(sensor, 0, duringOutage))
      .compose(v -> client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-" + sensor).send())
      .compose(contact -> {
        testContext.verify(() -> assertThat(contact.bodyAsJsonObject().getLong("readingCount"))
          .as("the picture during the outage").isEqualTo(1L + duringOutage));
        return Attempts.until(vertx, () -> PictureRows.metric(client, node.opsPort(), "kraken_persistence_failures_total"),
          failures -> failures >= 1, System.currentTimeMillis() + DEADLINE_MS);
      })
      .compose(failures -> {
        testContext.verify(() -> assertThat(failures).as("failed flushes counted").isGreaterThanOrEqualTo(1.0));
        return PictureRows.metric(client, node.opsPort(), "kraken_persistence_buffered_rows");
      })
      .compose(buffered -> {
        testContext.verify(() -> assertThat(buffered).as("rows waiting for the database").isEqualTo(duringOutage));
        return PictureRows.rows(db, "C-" + sensor);
      })
      .compose(rows -> {
        testContext.verify(() -> assertThat(rows).as("rows in PostgreSQL while it was cut off").hasSize(1));
        return restore();
      })
      .compose(port -> PictureRows.atLeast(vertx, db, "C-" + sensor, 1 + duringOutage,
        System.currentTimeMillis() + DEADLINE_MS))
      .compose(rows -> {
        testContext.verify(() -> {
          assertThat(rows).as("every row once").hasSize(1 + duringOutage);
          Set<Object> ids = new HashSet<>();
          rows.forEach(row -> ids.add(row.getUUID("id")));
          assertThat(ids).hasSize(1 + duringOutage);
        });
        return Attempts.until(vertx, () -> PictureRows.metric(client, node.opsPort(), "kraken_persistence_buffered_rows"),
          buffered -> buffered == 0, System.currentTimeMillis() + DEADLINE_MS);
      })
      .compose(buffered -> {
        testContext.verify(() -> assertThat(buffered).as("buffer after recovery").isZero());
        return PictureRows.metric(client, node.opsPort(), "kraken_persistence_dropped_total");
      })
      .onComplete(testContext.succeeding(dropped -> testContext.verify(() -> {
        assertThat(dropped).as("nothing dropped below the bound").isZero();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("the contacts are snapshotted every persistence.snapshotIntervalMs with their summary as the picture holds it")
  void contactsAreSnapshotted(Vertx vertx, VertxTestContext testContext) {
    String sensor = prefix + "sonar-snap";
    post(Readings.activeSonar("s-1", sensor, 0.5, 5000))
      .compose(ack -> post(Readings.activeSonar("s-2", sensor, 0.5, 5000)))
      .compose(ack -> Attempts.until(vertx, () -> PictureRows.snapshots(db, "C-" + sensor),
        rows -> rows.stream().anyMatch(row -> ((JsonObject) row.getValue("summary")).getLong("readingCount") == 2L),
        System.currentTimeMillis() + DEADLINE_MS))
      .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
        assertThat(rows).as("snapshots of the contact").isNotEmpty();
        Row newest = rows.get(rows.size() - 1);
        JsonObject summary = (JsonObject) newest.getValue("summary");
        assertThat(newest.getString("contact_id")).isEqualTo("C-" + sensor);
        assertThat(summary.getString("contactId")).isEqualTo("C-" + sensor);
        assertThat(summary.getLong("readingCount")).isEqualTo(2L);
        assertThat(summary.getString("threatLevel")).isNotBlank();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a contact with geometry has its track points recorded, each once, with position, bearing, range, course and speed")
  void trackPointsArrive(Vertx vertx, VertxTestContext testContext) {
    String sensor = prefix + "optical:T1";
    LocalPlane plane = TrackSettings.DEFAULTS.plane();
    long base = System.currentTimeMillis() - 60_000;
    int fixes = 4;
    // a vessel 8 km north heading east at 5 m/s, a fix every 10 s
    Future<Void> posted = Future.succeededFuture();
    for (int i = 0; i < fixes; i++) {
      JsonObject fix = new JsonObject().put("id", "fix-" + i).put("sensorId", sensor).put("timestamp", base + i * 10_000L)
        .put("sensorType", new JsonObject().put("type", "SatelliteOptical").put("lat", plane.lat(8_000))
          .put("lon", plane.lon(i * 50.0)).put("zoomLevel", 16));
      posted = posted.compose(v -> post(fix).compose(ack -> ack.statusCode() == 202 ? Future.<Void>succeededFuture()
        : Future.failedFuture("fix answered " + ack.statusCode() + ": " + ack.bodyAsString())));
    }
    posted
      .compose(v -> Attempts.until(vertx, () -> PictureRows.trackPoints(db, "C-" + sensor),
        rows -> rows.size() >= fixes, System.currentTimeMillis() + DEADLINE_MS))
      .compose(rows -> {
        testContext.verify(() -> assertThat(rows).as("one point per fix").hasSize(fixes));
        // resent: acknowledged, changes nothing, writes no point; a new assessment row after it proves the flush ran
        return post(new JsonObject().put("id", "fix-0").put("sensorId", sensor).put("timestamp", base)
          .put("sensorType", new JsonObject().put("type", "SatelliteOptical").put("lat", plane.lat(8_000))
            .put("lon", plane.lon(0)).put("zoomLevel", 16)));
      })
      .compose(ack -> post(Readings.activeSonar("after", prefix + "sonar-after", 0.5, 5000)))
      .compose(ack -> PictureRows.atLeast(vertx, db, "C-" + prefix + "sonar-after", 1,
        System.currentTimeMillis() + DEADLINE_MS))
      .compose(v -> PictureRows.trackPoints(db, "C-" + sensor))
      .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
        assertThat(rows).as("points after a resent fix").hasSize(fixes);
        for (int i = 0; i < fixes; i++) {
          Row row = rows.get(i);
          assertThat(row.getString("contact_id")).isEqualTo("C-" + sensor);
          assertThat(row.getOffsetDateTime("at").toInstant().toEpochMilli()).isEqualTo(base + i * 10_000L);
          assertThat(row.getDouble("lat")).isCloseTo(plane.lat(8_000), within(1e-9));
          assertThat(row.getDouble("lon")).isCloseTo(plane.lon(i * 50.0), within(1e-9));
          assertThat(row.getDouble("range_m")).isCloseTo(Math.hypot(8_000, i * 50.0), within(1.0));
          assertThat(row.getDouble("bearing")).isCloseTo(Math.toDegrees(Math.atan2(i * 50.0, 8_000)), within(0.01));
        }
        Row last = rows.get(fixes - 1);
        assertThat(last.getDouble("speed_mps")).as("the filter's speed after the last fix").isCloseTo(5, within(2.0));
        assertThat(last.getDouble("course")).as("heading east").isCloseTo(90, within(20.0));
        testContext.completeNow();
      })));
  }

  /** Posts readings {@code from..to-1} one after another, each acknowledged (202) before the next. */
  private Future<Void> postInTurn(String sensor, int from, int to) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = from; i < to; i++) {
      String id = "outage-" + i;
      chain = chain.compose(v -> post(Readings.activeSonar(id, sensor, 0.5, 5000)).compose(ack -> ack.statusCode() == 202
        ? Future.succeededFuture() : Future.failedFuture("reading " + id + " answered " + ack.statusCode() + ": "
        + ack.bodyAsString())));
    }
    return chain;
  }
}
