package kraken.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import kraken.config.KrakenConfig;
import kraken.config.PostgresUri;
import kraken.config.Settings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Brings the PostgreSQL schema up to date with the versioned scripts in {@code kraken/storage/migrations}
 * ({@code V<n>__<what>.sql}; never edit one that has shipped, add the next). Flyway speaks JDBC and blocks,
 * so it runs on a worker thread; a node runs it once at start-up, before anything writes.
 */
public final class Migrations {

  /** Where the scripts are, on the class path (also inside the fat jar). */
  public static final String LOCATION = "classpath:kraken/storage/migrations";

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** What a run did: how many scripts it applied (0 when the schema was already current) and the version now. */
  public record Outcome(int applied, String schemaVersion) {
  }

  private Migrations() {
  }

  /**
   * Migrates the database named by {@code postgres.uri}. Fails with {@link StorageUnavailable} naming host, port and
   * database (never the password) when the database cannot be reached or a script fails.
   */
  public static Future<Outcome> run(Vertx vertx, KrakenConfig config) {
    return run(vertx, config.get(Settings.POSTGRES_URI), config.get(Settings.POSTGRES_CONNECT_TIMEOUT_MS));
  }

  /** As {@link #run(Vertx, KrakenConfig)}, for a URI of the form {@value PostgresUri#FORM}. */
  public static Future<Outcome> run(Vertx vertx, String uri, int connectTimeoutMs) {
    PostgresUri target;
    try {
      target = PostgresUri.parse(uri);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalArgumentException("postgres.uri: " + e.getMessage(), e));
    }
    return vertx.executeBlocking(() -> migrate(target, connectTimeoutMs), false);
  }

  private static Outcome migrate(PostgresUri target, int connectTimeoutMs) {
    String timeoutSeconds = String.valueOf(Math.max(1, (connectTimeoutMs + 999) / 1000));
    try {
      Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(target.jdbcUrl(), target.user(), target.password())
        .jdbcProperties(Map.of("connectTimeout", timeoutSeconds, "loginTimeout", timeoutSeconds,
          "ApplicationName", "kraken-migrations"))
        .locations(LOCATION)
        // a jar that lost its scripts must stop start-up, not silently create nothing
        .failOnMissingLocations(true)
        .connectRetries(0)
        .load();
      MigrateResult result = flyway.migrate();
      // a run that applied nothing reports no target version: ask what is there
      String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
        : String.valueOf(flyway.info().current() == null ? null : flyway.info().current().getVersion());
      Outcome outcome = new Outcome(result.migrationsExecuted, version);
      LOG.info("PostgreSQL at {}: schema at version {} ({} migration(s) applied now)", target.address(),
        outcome.schemaVersion(), outcome.applied());
      return outcome;
    } catch (RuntimeException e) {
      throw new StorageUnavailable("cannot migrate PostgreSQL at " + target.address() + ": "
        + PostgresUri.redact(rootCause(e).getMessage()), e);
    }
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
