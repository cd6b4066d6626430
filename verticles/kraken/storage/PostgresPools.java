package kraken.storage;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import kraken.config.PostgresUri;
import kraken.config.Settings;

import java.util.concurrent.TimeUnit;

/** The one way KRAKEN's stores open a PostgreSQL pool, from the {@code postgres.*} settings. */
final class PostgresPools {

  private PostgresPools() {
  }

  /**
   * A pool for {@code target}, sized by {@code postgres.poolSize}, waiting {@code postgres.connectTimeoutMs} for a
   * connection, named {@code applicationName} in PostgreSQL's views. Opens no connection until first used.
   */
  static Pool create(Vertx vertx, JsonObject flatConfig, PostgresUri target, String applicationName) {
    int connectTimeoutMs = Settings.POSTGRES_CONNECT_TIMEOUT_MS.from(flatConfig);
    PgConnectOptions connect = new PgConnectOptions().setHost(target.host()).setPort(target.port())
      .setDatabase(target.database()).setUser(target.user()).setPassword(target.password())
      .setPipeliningLimit(1);
    connect.getProperties().put("application_name", applicationName);
    PoolOptions poolOptions = new PoolOptions().setMaxSize(Settings.POSTGRES_POOL_SIZE.from(flatConfig))
      .setConnectionTimeout(connectTimeoutMs).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
      .setName(applicationName);
    return PgBuilder.pool().with(poolOptions).with(new NetClientOptions().setConnectTimeout(connectTimeoutMs))
      .connectingTo(connect).using(vertx).build();
  }
}
