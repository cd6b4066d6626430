package kraken;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test command (scripts/test.sh) makes a local PostgreSQL available and passes its URI; tests that store
 * things use it. This one proves the harness works, so a later PostgreSQL test never meets a missing server.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The test command provides a real PostgreSQL")
public class PostgresAvailableTest {

  public static String uri() {
    String uri = System.getenv("KRAKEN_TEST_PG_URI");
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException("KRAKEN_TEST_PG_URI is not set: run the tests with scripts/test.sh, which "
        + "starts the local PostgreSQL and sets it (or set it to postgresql://user:password@host:port/database)");
    }
    return uri;
  }

  @Test
  @DisplayName("the server answers over the reactive client, as PostgreSQL 15 or later")
  void serverAnswers(Vertx vertx, VertxTestContext testContext) {
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(uri())).using(vertx).build();
    pool.query("select current_setting('server_version_num')::int as version, current_user as who").execute()
      .eventually(pool::close)
      .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
        var row = rows.iterator().next();
        assertThat(row.getInteger("version")).isGreaterThanOrEqualTo(150000);
        assertThat(row.getString("who")).isNotBlank();
        testContext.completeNow();
      })));
  }
}
