package kraken;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import kraken.bus.SensorReading;
import kraken.config.PostgresUri;
import kraken.config.Settings;
import kraken.storage.Migrations;
import kraken.storage.ReadingStore;
import kraken.storage.StorageException;
import kraken.storage.StorageUnavailable;
import kraken.support.StoredReadings;
import kraken.support.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL reached through a TCP proxy the test can take down: an outage refuses writes with a reason and stores
 * nothing, and once the database is back the same store writes again.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("ReadingStore during a PostgreSQL outage: refuses with a reason, takes nothing, recovers on its own")
class ReadingStoreOutageTest {

  private static final long MEASURED_AT = 1_795_000_000_000L;
  private static final long RECOVERY_DEADLINE_MS = 20_000;

  private final String prefix = StoredReadings.uniquePrefix();
  private PostgresUri real;
  private Pool direct;
  private TcpProxy proxy;

  @BeforeEach
  void startProxy(Vertx vertx, VertxTestContext testContext) {
    real = PostgresUri.parse(PostgresAvailableTest.uri());
    direct = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(vertx).build();
    proxy = new TcpProxy(vertx, real.host(), real.port());
    Migrations.run(vertx, PostgresAvailableTest.uri(), 2000)
      .compose(migrated -> proxy.start())
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void cleanUp(VertxTestContext testContext) {
    direct.preparedQuery("DELETE FROM raw_readings WHERE sensor_id LIKE $1").execute(Tuple.of(prefix + "%"))
      .eventually(direct::close)
      .eventually(proxy::stop)
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("with the database cut off a write fails as storage_unavailable naming where and why; back up, writes succeed")
  void outageAndRecovery(Vertx vertx, VertxTestContext testContext) {
    String throughProxy = "postgresql://" + real.user() + ":" + real.password() + "@127.0.0.1:" + proxy.port()
      + "/" + real.database();
    ReadingStore store = ReadingStore.create(vertx, ReadingStoreTest.persisting(Map.of(
      Settings.POSTGRES_URI, throughProxy, Settings.POSTGRES_CONNECT_TIMEOUT_MS, 1000)));
    String sensor = prefix + "sonar";
    List<SensorReading> beforeOutage = StoredReadings.sonar(sensor, 0, 10, MEASURED_AT);
    List<SensorReading> duringOutage = StoredReadings.sonar(sensor, 10, 20, MEASURED_AT);

    store.write("node-a", MEASURED_AT, beforeOutage)
      .compose(v -> proxy.stop())
      .compose(v -> store.write("node-a", MEASURED_AT, duringOutage)
        .transform(written -> Future.succeededFuture(written.cause())))
      .compose(refusal -> {
        testContext.verify(() -> {
          assertThat(refusal).as("the write during the outage").isInstanceOf(StorageUnavailable.class)
            .hasMessageStartingWith("PostgreSQL at 127.0.0.1:" + proxy.port() + "/" + real.database() + " is unreachable: ")
            .hasMessageEndingWith("; the readings were not taken");
          assertThat(refusal.getMessage()).doesNotContain(real.password() + "@");
          assertThat(((StorageException) refusal).reason()).isEqualTo("storage_unavailable");
          assertThat(((StorageException) refusal).retryable()).isTrue();
        });
        return storedCount();
      })
      .compose(countDuringOutage -> {
        testContext.verify(() -> assertThat(countDuringOutage).as("rows stored while cut off").isEqualTo(10));
        return proxy.start();
      })
      .compose(port -> retryUntilStored(vertx, store, duringOutage, System.currentTimeMillis() + RECOVERY_DEADLINE_MS))
      .compose(v -> storedCount())
      .eventually(store::close)
      .onComplete(testContext.succeeding(count -> testContext.verify(() -> {
        assertThat(count).as("every reading once, after recovery").isEqualTo(20);
        testContext.completeNow();
      })));
  }

  /** What a sender does after a 503: resend until taken, here with a deadline instead of forever. */
  private Future<Void> retryUntilStored(Vertx vertx, ReadingStore store, List<SensorReading> readings, long deadline) {
    return store.write("node-a", MEASURED_AT, readings).recover(failure -> {
      if (!(failure instanceof StorageUnavailable) || System.currentTimeMillis() > deadline) {
        return Future.failedFuture(failure);
      }
      Promise<Void> again = Promise.promise();
      vertx.setTimer(100, id -> retryUntilStored(vertx, store, readings, deadline).onComplete(again));
      return again.future();
    });
  }

  private Future<Long> storedCount() {
    return direct.preparedQuery("SELECT count(*) AS n FROM raw_readings WHERE sensor_id LIKE $1")
      .execute(Tuple.of(prefix + "%")).map(rows -> rows.iterator().next().getLong("n"));
  }
}
