package kraken.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import kraken.config.KrakenConfig;
import kraken.config.PostgresUri;
import kraken.config.Settings;
import kraken.inference.ModelCard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Trained models in PostgreSQL (table {@code models}, see {@code V2__model_store.sql}), keyed by role
 * ({@code name}) and {@code version}:
 *
 * <pre>{@code
 * // start-up: Migrations.run(vertx, config), then
 * ModelStore store = ModelStore.create(vertx, config);
 * store.save(card, onnx, settings);                 // kraken train; saving the same (name, version) again is a no-op
 * store.latest("sonar").onSuccess(found -> found.ifPresent(m -> serve(OnnxModel.load(m.onnx()))));  // inference
 * store.list();                                     // every model, newest first within each role, without bytes
 * store.close();
 * }</pre>
 *
 * "Newest" is the time a (name, version) was first stored; storing an older version again does not make it newest.
 * Failures are {@link StorageUnavailable} naming the database (never the password).
 */
public final class ModelStore {

  private static final String INSERT = """
    INSERT INTO models (name, version, onnx, classes, features, members, data_fingerprint, metrics, settings)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (name, version) DO NOTHING""";
  private static final String LATEST = """
    SELECT onnx, settings, created_at FROM models WHERE name = $1
    ORDER BY created_at DESC, version DESC LIMIT 1""";
  private static final String LIST = """
    SELECT name, version, classes, features, members, data_fingerprint, metrics, created_at FROM models
    ORDER BY name, created_at DESC, version DESC""";

  private final Pool pool;
  private final PostgresUri target;

  private ModelStore(Pool pool, PostgresUri target) {
    this.pool = pool;
    this.target = target;
  }

  public static ModelStore create(Vertx vertx, KrakenConfig config) {
    return create(vertx, config.asJson());
  }

  /**
   * A store for the database of {@code postgres.uri}; opens no connection until first used.
   *
   * @throws IllegalArgumentException when {@code postgres.uri} is empty or malformed
   */
  public static ModelStore create(Vertx vertx, JsonObject flatConfig) {
    String uri = Settings.POSTGRES_URI.from(flatConfig);
    if (uri.isEmpty()) {
      throw new IllegalArgumentException("models cannot be stored: " + Settings.POSTGRES_URI.key() + " is empty");
    }
    PostgresUri target = PostgresUri.parse(uri);
    return new ModelStore(PostgresPools.create(vertx, flatConfig, target, "kraken-models"), target);
  }

  /**
   * Stores a model file under its card's name and version. Succeeds with true when it was stored now, false when
   * that (name, version) was already there (then nothing changes).
   *
   * @throws IllegalArgumentException when {@code card} is not the card inside {@code onnx}
   */
  public Future<Boolean> save(ModelCard card, byte[] onnx, JsonObject settings) {
    if (!ModelCard.of(onnx).equals(card)) {
      throw new IllegalArgumentException("the card of " + card.name() + " " + card.version()
        + " is not the one inside the ONNX bytes given; store the file that was written with it");
    }
    Tuple row = Tuple.tuple().addString(card.name()).addString(card.version()).addBuffer(Buffer.buffer(onnx))
      .addArrayOfString(card.classes().toArray(String[]::new))
      .addArrayOfString(card.features().toArray(String[]::new)).addInteger(card.members())
      .addString(card.dataFingerprint()).addValue(new JsonObject(card.metricsJson())).addValue(settings);
    return pool.preparedQuery(INSERT).execute(row)
      .map(result -> result.rowCount() == 1)
      .recover(failure -> Future.failedFuture(unavailable("store model " + card.version(), failure)));
  }

  /** The newest model of role {@code name}, or empty when the store has none. */
  public Future<Optional<StoredModel>> latest(String name) {
    return pool.preparedQuery(LATEST).execute(Tuple.of(name))
      .map(rows -> {
        if (rows.size() == 0) {
          return Optional.<StoredModel>empty();
        }
        Row row = rows.iterator().next();
        byte[] onnx = row.getBuffer("onnx").getBytes();
        return Optional.of(new StoredModel(ModelCard.of(onnx), onnx, (JsonObject) row.getValue("settings"),
          row.getOffsetDateTime("created_at").toInstant()));
      })
      .recover(failure -> Future.failedFuture(unavailable("read the latest " + name + " model", failure)));
  }

  /** Every stored model without its bytes: by role, newest first within a role. */
  public Future<List<ModelListing>> list() {
    return pool.query(LIST).execute()
      .map(rows -> {
        List<ModelListing> models = new ArrayList<>();
        for (Row row : rows) {
          models.add(new ModelListing(row.getString("name"), row.getString("version"),
            Arrays.asList(row.getArrayOfStrings("classes")), Arrays.asList(row.getArrayOfStrings("features")),
            row.getInteger("members"), row.getString("data_fingerprint"), (JsonObject) row.getValue("metrics"),
            row.getOffsetDateTime("created_at").toInstant()));
        }
        return models;
      })
      .recover(failure -> Future.failedFuture(unavailable("list models", failure)));
  }

  /** Where this store keeps models, as {@code host:port/database}. */
  public String address() {
    return target.address();
  }

  public Future<Void> close() {
    return pool.close();
  }

  private StorageUnavailable unavailable(String what, Throwable failure) {
    String why = failure.getMessage() == null ? failure.getClass().getSimpleName()
      : PostgresUri.redact(failure.getMessage());
    return new StorageUnavailable("cannot " + what + " in PostgreSQL at " + target.address() + ": " + why, failure);
  }
}
