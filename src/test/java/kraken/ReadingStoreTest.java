package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import kraken.bus.SensorReading;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import kraken.storage.Migrations;
import kraken.storage.ReadingStore;
import kraken.storage.StorageOverloaded;
import kraken.support.StoredReadings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("ReadingStore writes raw readings to the real PostgreSQL, each exactly once")
class ReadingStoreTest {

  private static final long MEASURED_AT = 1_795_000_000_123L;
  private static final long RECEIVED_AT = 1_795_000_001_456L;

  private final String prefix = StoredReadings.uniquePrefix();
  private Pool direct;

  static KrakenConfig persisting(Map<kraken.config.Setting<?>, Object> more) {
    Map<kraken.config.Setting<?>, Object> overrides = new HashMap<>(more);
    overrides.putIfAbsent(Settings.POSTGRES_URI, PostgresAvailableTest.uri());
    overrides.put(Settings.READINGS_PERSIST, true);
    return KrakenConfig.defaults().with(overrides);
  }

  @BeforeEach
  void migrate(Vertx vertx, VertxTestContext testContext) {
    direct = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(vertx).build();
    Migrations.run(vertx, persisting(Map.of())).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void deleteOwnRows(VertxTestContext testContext) {
    direct.preparedQuery("DELETE FROM raw_readings WHERE sensor_id LIKE $1").execute(Tuple.of(prefix + "%"))
      .eventually(direct::close)
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("a batch with every sensor kind reads back exactly: times, kind, fields, payload bytes, markings, node")
  void roundTrip(Vertx vertx, VertxTestContext testContext) {
    ReadingStore store = ReadingStore.create(vertx, persisting(Map.of()));
    List<SensorReading> batch = StoredReadings.everyKind(prefix, MEASURED_AT);
    store.write("node-a", RECEIVED_AT, batch)
      .compose(v -> storedRows())
      .eventually(store::close)
      .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
        assertThat(rows).hasSize(batch.size());
        for (SensorReading sent : batch) {
          Row row = rows.get(sent.sensorId() + "/" + sent.id());
          assertThat(row).as("row of " + sent.sensorId()).isNotNull();
          assertThat(row.getOffsetDateTime("measured_at").toInstant().toEpochMilli()).isEqualTo(sent.timestamp());
          assertThat(row.getOffsetDateTime("received_at").toInstant().toEpochMilli()).isEqualTo(RECEIVED_AT);
          assertThat(row.getString("kind")).isEqualTo(sent.sensorType().name());
          assertThat((JsonObject) row.getValue("fields")).isEqualTo(sent.sensorType().toJson());
          assertThat(row.getBuffer("payload").getBytes()).as("payload of " + sent.sensorId()).isEqualTo(sent.payload());
          assertThat(row.getString("classification")).isEqualTo(sent.classification().name());
          assertThat(row.getString("priority")).isEqualTo(sent.priority().name());
          assertThat(row.getString("ingest_node")).isEqualTo("node-a");
        }
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a resent batch and a batch overlapping a stored one store each reading once, the first copy kept")
  void resendsStoreOnce(Vertx vertx, VertxTestContext testContext) {
    ReadingStore store = ReadingStore.create(vertx, persisting(Map.of()));
    String sensor = prefix + "sonar";
    List<SensorReading> first = StoredReadings.sonar(sensor, 0, 3, MEASURED_AT);
    List<SensorReading> overlapping = StoredReadings.sonar(sensor, 1, 6, MEASURED_AT);
    store.write("node-a", RECEIVED_AT, first)
      .compose(v -> store.write("node-a", RECEIVED_AT, first))
      .compose(v -> store.write("node-b", RECEIVED_AT + 1, overlapping))
      .compose(v -> storedRows())
      .eventually(store::close)
      .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
        assertThat(rows.keySet()).containsExactlyInAnyOrder(
          sensor + "/r-0", sensor + "/r-1", sensor + "/r-2", sensor + "/r-3", sensor + "/r-4", sensor + "/r-5");
        assertThat(rows.get(sensor + "/r-2").getString("ingest_node")).as("a stored reading is kept as it was").isEqualTo("node-a");
        assertThat(rows.get(sensor + "/r-2").getBuffer("payload").getBytes()).isEqualTo(first.get(2).payload());
        assertThat(rows.get(sensor + "/r-3").getString("ingest_node")).isEqualTo("node-b");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a batch repeating a reading inside itself stores it once and succeeds")
  void duplicateInsideOneBatch(Vertx vertx, VertxTestContext testContext) {
    ReadingStore store = ReadingStore.create(vertx, persisting(Map.of()));
    String sensor = prefix + "dup";
    List<SensorReading> batch = new ArrayList<>(StoredReadings.sonar(sensor, 0, 2, MEASURED_AT));
    batch.add(batch.get(0));
    store.write("node-a", RECEIVED_AT, batch)
      .compose(v -> storedRows())
      .eventually(store::close)
      .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
        assertThat(rows.keySet()).containsExactlyInAnyOrder(sensor + "/r-0", sensor + "/r-1");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("beyond readings.persistMaxInFlight a write is refused at once as overloaded, and takes nothing")
  void overloadIsRefusedAtOnce(Vertx vertx, VertxTestContext testContext) {
    ReadingStore store = ReadingStore.create(vertx, persisting(Map.of(Settings.READINGS_PERSIST_MAX_IN_FLIGHT, 1)));
    Checkpoint firstStored = testContext.checkpoint();
    Checkpoint secondRefused = testContext.checkpoint();
    Future<Void> first = store.write("node-a", RECEIVED_AT, StoredReadings.sonar(prefix + "a", 0, 50, MEASURED_AT));
    store.write("node-a", RECEIVED_AT, StoredReadings.sonar(prefix + "b", 0, 1, MEASURED_AT))
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(failure).isInstanceOf(StorageOverloaded.class)
          .hasMessageContaining("readings.persistMaxInFlight").hasMessageEndingWith("the readings were not taken");
        assertThat(((StorageOverloaded) failure).reason()).isEqualTo("overloaded");
        secondRefused.flag();
      })));
    first.compose(v -> storedRows()).eventually(store::close)
      .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
        assertThat(rows).hasSize(50).allSatisfy((key, row) -> assertThat(key).startsWith(prefix + "a/"));
        assertThat(store.inFlight()).isZero();
        firstStored.flag();
      })));
  }

  private Future<Map<String, Row>> storedRows() {
    return direct.preparedQuery("SELECT * FROM raw_readings WHERE sensor_id LIKE $1").execute(Tuple.of(prefix + "%"))
      .map(ReadingStoreTest::byKey);
  }

  private static Map<String, Row> byKey(RowSet<Row> rows) {
    Map<String, Row> byKey = new HashMap<>();
    rows.forEach(row -> byKey.put(row.getString("sensor_id") + "/" + row.getString("reading_id"), row));
    return byKey;
  }
}
