package kraken.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import kraken.bus.ReadingBatch;
import kraken.bus.SensorReading;
import kraken.config.KrakenConfig;
import kraken.config.PostgresUri;
import kraken.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Raw readings into PostgreSQL ({@code raw_readings}), for {@code readings.persist=true}. Ingest calls it before it
 * acknowledges, and acknowledges only if the write succeeded:
 *
 * <pre>{@code
 * // start-up (once per node, before ingest listens): Migrations.run(vertx, config), then
 * ReadingStore store = ReadingStore.create(vertx, config());       // in the verticle's start()
 * // per request or frame:
 * store.write(nodeId, receivedAt, readings)
 *   .onSuccess(v -> ack())                                       // every reading is stored (or was already)
 *   .onFailure(failure -> refuse((StorageException) failure));    // reason(): storage_unavailable -> 503 + Retry-After,
 *                                                                  // overloaded -> 503, storage_failed -> 500
 * // stop(): store.close()
 * }</pre>
 *
 * <p>A write is one INSERT of the whole batch (one round trip). A reading already stored is kept as it is, so a
 * sender that resends after a refusal or a lost acknowledgement stores nothing twice. A write fails only with a
 * {@link StorageException}, whose message is a sentence for the sender; when it fails, nothing must be acknowledged
 * (some rows may have been kept if the failure was a timeout, which a resend makes harmless).
 */
public final class ReadingStore {

  private static final Logger LOG = LoggerFactory.getLogger(ReadingStore.class);

  /**
   * SQLSTATE classes that say "not now" rather than "never": connection exceptions, insufficient resources,
   * operator intervention (shutdown, starting up), transaction rollback (serialization, deadlock).
   */
  private static final Set<String> PASSING_SQLSTATE_CLASSES = Set.of("08", "53", "57", "40");

  private final Pool pool;
  private final PostgresUri target;
  private final int maxInFlight;
  private final long writeTimeoutMs;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  private ReadingStore(Pool pool, PostgresUri target, int maxInFlight, long writeTimeoutMs) {
    this.pool = pool;
    this.target = target;
    this.maxInFlight = maxInFlight;
    this.writeTimeoutMs = writeTimeoutMs;
  }

  /** Whether this configuration asks for raw readings to be stored ({@code readings.persist}). */
  public static boolean enabled(JsonObject flatConfig) {
    return Settings.READINGS_PERSIST.from(flatConfig);
  }

  public static ReadingStore create(Vertx vertx, KrakenConfig config) {
    return create(vertx, config.asJson());
  }

  /**
   * A store for the database of {@code postgres.uri} in a verticle's flat configuration. No connection is opened
   * until the first write, so creating one never fails because the database is down.
   *
   * @throws IllegalArgumentException when {@code postgres.uri} is empty
   */
  public static ReadingStore create(Vertx vertx, JsonObject flatConfig) {
    String uri = Settings.POSTGRES_URI.from(flatConfig);
    if (uri.isEmpty()) {
      throw new IllegalArgumentException("raw readings cannot be stored: " + Settings.POSTGRES_URI.key() + " is empty");
    }
    PostgresUri target = PostgresUri.parse(uri);
    Pool pool = PostgresPools.create(vertx, flatConfig, target, "kraken-readings");
    return new ReadingStore(pool, target, Settings.READINGS_PERSIST_MAX_IN_FLIGHT.from(flatConfig),
      Settings.POSTGRES_WRITE_TIMEOUT_MS.from(flatConfig));
  }

  public Future<Void> write(ReadingBatch batch) {
    return write(batch.ingestNode(), batch.receivedAt(), batch.readings());
  }

  /**
   * Stores the readings, received by {@code ingestNode} at {@code receivedAt} (epoch milliseconds). Succeeds once
   * every reading is in the table; fails with {@link StorageOverloaded} at once when
   * {@code readings.persistMaxInFlight} writes are already under way, and with {@link StorageUnavailable} or
   * {@link StorageWriteFailed} when PostgreSQL did not take them.
   */
  public Future<Void> write(String ingestNode, long receivedAt, List<SensorReading> readings) {
    if (readings.isEmpty()) {
      return Future.succeededFuture();
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new StorageOverloaded("PostgreSQL at " + target.address() + " already has "
        + maxInFlight + " reading batches being written (" + Settings.READINGS_PERSIST_MAX_IN_FLIGHT.key()
        + "); the readings were not taken"));
    }
    Tuple parameters;
    try {
      parameters = RawReadingRows.parameters(ingestNode, receivedAt, readings);
    } catch (RuntimeException malformed) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new StorageWriteFailed("the readings could not be turned into rows ("
        + malformed + "); the readings were not taken", malformed));
    }
    // the bound counts real work on the database, so it is released when the INSERT ends, not when we stop waiting
    Future<Void> insert = pool.preparedQuery(RawReadingRows.INSERT).execute(parameters)
      .onComplete(done -> inFlight.decrementAndGet())
      .mapEmpty();
    return insert.timeout(writeTimeoutMs, TimeUnit.MILLISECONDS)
      .onSuccess(v -> noteReachable())
      .recover(failure -> Future.failedFuture(explain(failure, !insert.isComplete())));
  }

  /** Writes under way now (for load reports and tests). */
  public int inFlight() {
    return inFlight.get();
  }

  /** Where this store writes, as {@code host:port/database}. */
  public String address() {
    return target.address();
  }

  public Future<Void> close() {
    return pool.close();
  }

  private StorageException explain(Throwable failure, boolean gaveUpWaiting) {
    if (failure instanceof PgException refused && !passing(refused.getSqlState())) {
      return new StorageWriteFailed("PostgreSQL at " + target.address() + " refused the readings: "
        + refused.getErrorMessage() + " (SQLSTATE " + refused.getSqlState() + "); the readings were not taken", failure);
    }
    String why = gaveUpWaiting ? "no answer within " + writeTimeoutMs + " ms (" + Settings.POSTGRES_WRITE_TIMEOUT_MS.key() + ")"
      : failure.getMessage() == null ? failure.getClass().getSimpleName()
      : PostgresUri.redact(failure.getMessage()).replaceAll("\\.$", "");
    StorageUnavailable unavailable = new StorageUnavailable("PostgreSQL at " + target.address() + " is unreachable: "
      + why + "; the readings were not taken", failure);
    if (reachable.compareAndSet(true, false)) {
      LOG.warn("raw readings: {}; writes fail until it answers again", unavailable.getMessage());
    }
    return unavailable;
  }

  private void noteReachable() {
    if (reachable.compareAndSet(false, true)) {
      LOG.info("raw readings: PostgreSQL at {} answers again; writes succeed", target.address());
    }
  }

  private static boolean passing(String sqlState) {
    return sqlState != null && sqlState.length() >= 2 && PASSING_SQLSTATE_CLASSES.contains(sqlState.substring(0, 2));
  }
}
