package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import kraken.bus.SensorReading;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import kraken.storage.Migrations;
import kraken.storage.ReadingStore;
import kraken.support.StoredReadings;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: measures how long one 100-reading batch takes as ReadingStore writes it (one INSERT ... UNNEST of
 * arrays) and as a prepared single-row INSERT sent with executeBatch. Sequential batches on one connection, so it
 * is latency per batch. Run: {@code java -cp target/classes:target/test-classes:<deps> kraken.InsertShapeBenchmark}
 * with KRAKEN_TEST_PG_URI set.
 */
public final class InsertShapeBenchmark {

  private static final int BATCH = 100;
  private static final int WARMUP = 200;
  private static final int MEASURED = 1000;
  private static final String SINGLE_ROW = """
    INSERT INTO raw_readings (sensor_id, reading_id, measured_at, received_at, kind, fields, payload,
                              classification, priority, ingest_node)
    VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10) ON CONFLICT (sensor_id, reading_id) DO NOTHING""";

  public static void main(String[] args) throws Exception {
    String uri = PostgresAvailableTest.uri();
    Vertx vertx = Vertx.vertx();
    try {
      Migrations.run(vertx, uri, 2000).await(30, TimeUnit.SECONDS);
      KrakenConfig config = KrakenConfig.defaults().with(Map.of(Settings.POSTGRES_URI, uri, Settings.POSTGRES_POOL_SIZE, 1));
      ReadingStore store = ReadingStore.create(vertx, config);
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(PgConnectOptions.fromUri(uri))
        .using(vertx).build();
      String prefix = StoredReadings.uniquePrefix();
      for (int round = 0; round < 3; round++) {
        String unnestSensors = prefix + "u" + round;
        String batchSensors = prefix + "b" + round;
        double unnest = measure(i -> store.write("bench", System.currentTimeMillis(), batch(unnestSensors, i)));
        double executeBatch = measure(i -> pool.preparedQuery(SINGLE_ROW).executeBatch(tuples(batch(batchSensors, i)))
          .mapEmpty());
        System.out.printf("round %d, %d readings per batch: UNNEST %.2f ms/batch, executeBatch %.2f ms/batch%n",
          round, BATCH, unnest, executeBatch);
      }
      pool.query("DELETE FROM raw_readings WHERE sensor_id LIKE '" + prefix + "%'").execute().await(60, TimeUnit.SECONDS);
      store.close().await(10, TimeUnit.SECONDS);
      pool.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private interface Write {
    Future<Void> batch(int index);
  }

  private static double measure(Write write) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      write.batch(-1 - i).await(10, TimeUnit.SECONDS);
    }
    long start = System.nanoTime();
    for (int i = 0; i < MEASURED; i++) {
      write.batch(i).await(10, TimeUnit.SECONDS);
    }
    return (System.nanoTime() - start) / 1e6 / MEASURED;
  }

  private static List<SensorReading> batch(String sensor, int index) {
    return StoredReadings.sonar(sensor + "-" + index, 0, BATCH, 1_795_000_000_000L);
  }

  private static List<Tuple> tuples(List<SensorReading> readings) {
    List<Tuple> tuples = new ArrayList<>();
    for (SensorReading r : readings) {
      tuples.add(Tuple.of(r.sensorId(), r.id(), Instant.ofEpochMilli(r.timestamp()).atOffset(ZoneOffset.UTC),
          Instant.now().atOffset(ZoneOffset.UTC), r.sensorType().name(), r.sensorType().toJson().encode(),
          Buffer.buffer(r.payload()))
        .addString(r.classification().name()).addString(r.priority().name()).addString("bench"));
    }
    return tuples;
  }
}
