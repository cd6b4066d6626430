package kraken;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import kraken.storage.Migrations;
import kraken.storage.StorageUnavailable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Migrations bring the real PostgreSQL to the current schema, once, and say where they failed")
class MigrationsTest {

  @Test
  @DisplayName("a run creates raw_readings with its columns and key, and a second run applies nothing")
  void createsTheTableAndIsIdempotent(Vertx vertx, VertxTestContext testContext) {
    String uri = PostgresAvailableTest.uri();
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(uri)).using(vertx).build();
    Migrations.run(vertx, uri, 2000)
      .compose(first -> Migrations.run(vertx, uri, 2000))
      .compose(second -> {
        testContext.verify(() -> {
          assertThat(second.applied()).as("scripts applied by the second run").isZero();
          assertThat(second.schemaVersion()).isEqualTo("7");
        });
        return pool.query("""
          SELECT column_name, data_type, is_nullable FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'raw_readings' ORDER BY ordinal_position""").execute();
      })
      .compose(columns -> {
        Map<String, String> types = new LinkedHashMap<>();
        for (Row column : columns) {
          types.put(column.getString("column_name"), column.getString("data_type") + " " + column.getString("is_nullable"));
        }
        testContext.verify(() -> assertThat(types).containsExactly(
          Map.entry("sensor_id", "text NO"), Map.entry("reading_id", "text NO"),
          Map.entry("measured_at", "timestamp with time zone NO"), Map.entry("received_at", "timestamp with time zone NO"),
          Map.entry("kind", "text NO"), Map.entry("fields", "jsonb NO"), Map.entry("payload", "bytea NO"),
          Map.entry("classification", "text NO"), Map.entry("priority", "text NO"), Map.entry("ingest_node", "text NO")));
        return pool.query("""
          SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey, a.attnum)) AS key
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = 'raw_readings'::regclass AND i.indisprimary""").execute();
      })
      .eventually(pool::close)
      .onComplete(testContext.succeeding(key -> testContext.verify(() -> {
        assertThat(key.iterator().next().getString("key")).isEqualTo("sensor_id,reading_id");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("an unreachable database fails the run with host, port and database named, and no password")
  void unreachableDatabaseIsNamed(Vertx vertx, VertxTestContext testContext) throws IOException {
    int closedPort = freePort();
    String uri = "postgresql://kraken:no-such-secret@127.0.0.1:" + closedPort + "/kraken_test";
    Migrations.run(vertx, uri, 1000).onComplete(testContext.failing(failure -> testContext.verify(() -> {
      assertThat(failure).isInstanceOf(StorageUnavailable.class)
        .hasMessageStartingWith("cannot migrate PostgreSQL at 127.0.0.1:" + closedPort + "/kraken_test: ");
      assertThat(failure.getMessage()).doesNotContain("no-such-secret");
      testContext.completeNow();
    })));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
