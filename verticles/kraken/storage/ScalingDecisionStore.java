package kraken.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import kraken.bus.ScalingDecision;
import kraken.config.PostgresUri;
import kraken.config.Settings;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scaling decisions into {@code scaling_decisions} (migration V6), one INSERT per decision: the scaler records a
 * decision only when it changes something, a few per minute at most, so there is nothing to batch. The caller decides
 * what a failed write means (the scaler logs it and goes on: scaling never waits for the database).
 */
public final class ScalingDecisionStore {

  static final String INSERT = """
    INSERT INTO scaling_decisions (id, policy, target, scaler_node, current_replicas, recommended_replicas,
                                   desired_replicas, signal, reasons, inputs, actuation, decided_at, actuated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""";

  private final Pool pool;
  private final long writeTimeoutMs;

  private ScalingDecisionStore(Pool pool, long writeTimeoutMs) {
    this.pool = pool;
    this.writeTimeoutMs = writeTimeoutMs;
  }

  /** A store for {@code postgres.uri}, or null when it is empty (decisions then live in the grid only). */
  public static ScalingDecisionStore createIfConfigured(Vertx vertx, JsonObject flatConfig) {
    String uri = Settings.POSTGRES_URI.from(flatConfig);
    if (uri.isEmpty()) {
      return null;
    }
    return new ScalingDecisionStore(PostgresPools.create(vertx, flatConfig, PostgresUri.parse(uri), "kraken-scaling"),
      Settings.POSTGRES_WRITE_TIMEOUT_MS.from(flatConfig));
  }

  public Future<Void> write(ScalingDecision d) {
    Tuple row = Tuple.tuple().addUUID(UUID.randomUUID()).addString(d.policy()).addString(d.target())
      .addString(d.scalerNode()).addInteger(d.currentReplicas()).addInteger(d.recommendedReplicas())
      .addInteger(d.desiredReplicas()).addString(d.signal())
      // JSON values, not their text: the client would store a String as one JSON string
      .addJsonArray(new JsonArray(d.reasons())).addJsonObject(d.inputs())
      .addString(d.actuation()).addOffsetDateTime(utc(d.decidedAt()))
      .addOffsetDateTime(d.actuatedAt() == 0 ? null : utc(d.actuatedAt()));
    return pool.preparedQuery(INSERT).execute(row).<Void>mapEmpty()
      .timeout(writeTimeoutMs, TimeUnit.MILLISECONDS);
  }

  public Future<Void> close() {
    return pool.close();
  }

  private static OffsetDateTime utc(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }
}
