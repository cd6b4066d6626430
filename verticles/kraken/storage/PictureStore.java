package kraken.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import kraken.bus.ContactSummary;
import kraken.bus.ThreatAssessment;
import kraken.config.PostgresUri;
import kraken.config.Settings;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The picture into PostgreSQL: threat assessments ({@code threat_assessments}), track points ({@code track_points})
 * and contact snapshots ({@code contact_snapshots}), each batch one INSERT ... SELECT FROM unnest(...) per batch,
 * so any number of rows is one statement and one round trip. A row whose id is already stored is left as it is, so
 * writing a batch again after a lost answer stores nothing twice. Buffering and retrying are the caller's business
 * (tactical's PictureRecorder); a write fails only with a {@link StorageException}.
 */
public final class PictureStore {

  static final String INSERT = """
    INSERT INTO threat_assessments (id, contact_id, threat_level, confidence, uncertainty, action, time_to_threat_ms,
                                    evidence, models, degraded, degraded_reason, assessed_at, recorded_at, tactical_node)
    SELECT a.id, a.contact_id, a.threat_level, a.confidence, a.uncertainty, a.action, a.time_to_threat_ms,
           a.evidence::jsonb, string_to_array(a.models, chr(31)), a.degraded, a.degraded_reason, a.assessed_at,
           a.recorded_at, $14
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::int8[], $8::text[],
                $9::text[], $10::bool[], $11::text[], $12::timestamptz[], $13::timestamptz[])
      AS a(id, contact_id, threat_level, confidence, uncertainty, action, time_to_threat_ms, evidence, models,
           degraded, degraded_reason, assessed_at, recorded_at)
    ON CONFLICT (id) DO NOTHING""";

  static final String INSERT_TRACK_POINTS = """
    INSERT INTO track_points (contact_id, at, lat, lon, bearing, course, speed_mps, range_m)
    SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                         $7::float8[], $8::float8[])
    ON CONFLICT (contact_id, at) DO NOTHING""";

  static final String INSERT_SNAPSHOTS = """
    INSERT INTO contact_snapshots (contact_id, snapshot_at, summary)
    SELECT s.contact_id, $3, s.summary::jsonb FROM unnest($1::text[], $2::text[]) AS s(contact_id, summary)
    ON CONFLICT (contact_id, snapshot_at) DO NOTHING""";

  static final String INSERT_CLASSIFICATIONS = """
    INSERT INTO classifications (id, contact_id, classification, operator, reason, classified_at)
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
    ON CONFLICT (id) DO NOTHING""";

  static final String INSERT_COMBAT_ACTIONS = """
    INSERT INTO combat_actions (id, contact_id, action, operator, reason, ordered_at)
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
    ON CONFLICT (id) DO NOTHING""";

  /** Separates model versions inside one text element (unnest cannot take an array of arrays of differing lengths). */
  private static final String UNIT_SEPARATOR = "\u001f";
  private static final Set<String> PASSING_SQLSTATE_CLASSES = Set.of("08", "53", "57", "40");

  private final Pool pool;
  private final PostgresUri target;
  private final long writeTimeoutMs;

  private PictureStore(Pool pool, PostgresUri target, long writeTimeoutMs) {
    this.pool = pool;
    this.target = target;
    this.writeTimeoutMs = writeTimeoutMs;
  }

  /**
   * A store for the database of {@code postgres.uri} in a verticle's flat configuration; opens no connection until
   * the first write, so creating one never fails because the database is down.
   *
   * @throws IllegalArgumentException when {@code postgres.uri} is empty
   */
  public static PictureStore create(Vertx vertx, JsonObject flatConfig) {
    String uri = Settings.POSTGRES_URI.from(flatConfig);
    if (uri.isEmpty()) {
      throw new IllegalArgumentException("the picture cannot be recorded: " + Settings.POSTGRES_URI.key() + " is empty");
    }
    PostgresUri target = PostgresUri.parse(uri);
    return new PictureStore(PostgresPools.create(vertx, flatConfig, target, "kraken-picture"), target,
      Settings.POSTGRES_WRITE_TIMEOUT_MS.from(flatConfig));
  }

  /** Stores the rows, folded by {@code tacticalNode}; succeeds once every row is in the table (or already was). */
  public Future<Void> write(String tacticalNode, List<AssessmentRow> rows) {
    return write(tacticalNode, rows, List.of());
  }

  /**
   * Stores assessment rows and track points, each kind in one INSERT, both in one transaction when there are both;
   * succeeds once every row and point is in its table (or already was).
   */
  public Future<Void> write(String tacticalNode, List<AssessmentRow> rows, List<TrackPointRow> points) {
    if (rows.isEmpty() && points.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple parameters;
    Tuple pointParameters;
    try {
      parameters = rows.isEmpty() ? null : parameters(tacticalNode, rows);
      pointParameters = points.isEmpty() ? null : pointParameters(points);
    } catch (RuntimeException malformed) {
      return Future.failedFuture(new StorageWriteFailed("the assessments could not be turned into rows ("
        + malformed + ")", malformed));
    }
    Future<Void> insert;
    if (pointParameters == null) {
      insert = pool.preparedQuery(INSERT).execute(parameters).mapEmpty();
    } else if (parameters == null) {
      insert = pool.preparedQuery(INSERT_TRACK_POINTS).execute(pointParameters).mapEmpty();
    } else {
      insert = pool.withTransaction(connection -> connection.preparedQuery(INSERT).execute(parameters)
        .compose(v -> connection.preparedQuery(INSERT_TRACK_POINTS).execute(pointParameters))).mapEmpty();
    }
    return insert.timeout(writeTimeoutMs, TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(explain(failure, !insert.isComplete())));
  }

  static Tuple pointParameters(List<TrackPointRow> points) {
    int n = points.size();
    String[] contactIds = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    Double[] lats = new Double[n];
    Double[] lons = new Double[n];
    Double[] bearings = new Double[n];
    Double[] courses = new Double[n];
    Double[] speeds = new Double[n];
    Double[] ranges = new Double[n];
    for (int i = 0; i < n; i++) {
      TrackPointRow p = points.get(i);
      contactIds[i] = p.contactId();
      ats[i] = utc(p.at());
      lats[i] = p.lat();
      lons[i] = p.lon();
      bearings[i] = p.bearing();
      courses[i] = p.course();
      speeds[i] = p.speedMps();
      ranges[i] = p.rangeM();
    }
    return Tuple.tuple().addArrayOfString(contactIds).addArrayOfOffsetDateTime(ats).addArrayOfDouble(lats)
      .addArrayOfDouble(lons).addArrayOfDouble(bearings).addArrayOfDouble(courses).addArrayOfDouble(speeds)
      .addArrayOfDouble(ranges);
  }

  /** Stores the contacts as they are at {@code snapshotAt} (epoch ms), one row each, in one INSERT. */
  public Future<Void> writeSnapshots(long snapshotAt, List<ContactSummary> contacts) {
    if (contacts.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] ids = new String[contacts.size()];
    String[] summaries = new String[contacts.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = contacts.get(i).contactId();
      summaries[i] = contacts.get(i).toJson().encode();
    }
    Future<Void> insert = pool.preparedQuery(INSERT_SNAPSHOTS)
      .execute(Tuple.of(ids, summaries, utc(snapshotAt))).mapEmpty();
    return insert.timeout(writeTimeoutMs, TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(explain(failure, !insert.isComplete())));
  }

  /**
   * Stores operator records, classifications and combat actions each in one INSERT, both in one transaction;
   * succeeds once every record is in its table (or already was), so the caller may then forget them.
   */
  public Future<Void> writeOperatorRecords(List<OperatorRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple classifications = operatorParameters(rows, OperatorRow.Kind.CLASSIFICATION);
    Tuple actions = operatorParameters(rows, OperatorRow.Kind.COMBAT_ACTION);
    Future<Void> insert = pool.withTransaction(connection ->
      connection.preparedQuery(INSERT_CLASSIFICATIONS).execute(classifications)
        .compose(v -> connection.preparedQuery(INSERT_COMBAT_ACTIONS).execute(actions))).mapEmpty();
    return insert.timeout(writeTimeoutMs, TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(explain(failure, !insert.isComplete())));
  }

  private static Tuple operatorParameters(List<OperatorRow> rows, OperatorRow.Kind kind) {
    List<OperatorRow> ofKind = rows.stream().filter(row -> row.kind() == kind).toList();
    int n = ofKind.size();
    UUID[] ids = new UUID[n];
    String[] contactIds = new String[n];
    String[] whats = new String[n];
    String[] operators = new String[n];
    String[] reasons = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      OperatorRow row = ofKind.get(i);
      ids[i] = row.id();
      contactIds[i] = row.contactId();
      whats[i] = row.what();
      operators[i] = row.operator();
      reasons[i] = row.reason();
      ats[i] = utc(row.at());
    }
    return Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(contactIds).addArrayOfString(whats)
      .addArrayOfString(operators).addArrayOfString(reasons).addArrayOfOffsetDateTime(ats);
  }

  /** Where this store writes, as {@code host:port/database}. */
  public String address() {
    return target.address();
  }

  public Future<Void> close() {
    return pool.close();
  }

  static Tuple parameters(String tacticalNode, List<AssessmentRow> rows) {
    int n = rows.size();
    UUID[] ids = new UUID[n];
    String[] contactIds = new String[n];
    String[] levels = new String[n];
    Double[] confidences = new Double[n];
    Double[] uncertainties = new Double[n];
    String[] actions = new String[n];
    Long[] timesToThreat = new Long[n];
    String[] evidence = new String[n];
    String[] models = new String[n];
    Boolean[] degraded = new Boolean[n];
    String[] degradedReasons = new String[n];
    OffsetDateTime[] assessedAt = new OffsetDateTime[n];
    OffsetDateTime[] recordedAt = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      AssessmentRow row = rows.get(i);
      ThreatAssessment a = row.assessment();
      ids[i] = row.id();
      contactIds[i] = a.contactId();
      levels[i] = a.threatLevel().name();
      confidences[i] = a.confidence();
      uncertainties[i] = a.uncertainty();
      actions[i] = a.recommendedAction().name();
      timesToThreat[i] = a.timeToThreatMs();
      evidence[i] = new JsonArray(a.evidence()).encode();
      models[i] = String.join(UNIT_SEPARATOR, a.models());
      degraded[i] = a.degraded();
      degradedReasons[i] = a.degradedReason();
      assessedAt[i] = utc(a.assessedAt());
      recordedAt[i] = utc(row.recordedAt());
    }
    return Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(contactIds).addArrayOfString(levels)
      .addArrayOfDouble(confidences).addArrayOfDouble(uncertainties).addArrayOfString(actions)
      .addArrayOfLong(timesToThreat).addArrayOfString(evidence).addArrayOfString(models)
      .addArrayOfBoolean(degraded).addArrayOfString(degradedReasons).addArrayOfOffsetDateTime(assessedAt)
      .addArrayOfOffsetDateTime(recordedAt).addString(tacticalNode);
  }

  private StorageException explain(Throwable failure, boolean gaveUpWaiting) {
    if (failure instanceof PgException refused && !passing(refused.getSqlState())) {
      return new StorageWriteFailed("PostgreSQL at " + target.address() + " refused the rows: "
        + refused.getErrorMessage() + " (SQLSTATE " + refused.getSqlState() + ")", failure);
    }
    String why = gaveUpWaiting ? "no answer within " + writeTimeoutMs + " ms (" + Settings.POSTGRES_WRITE_TIMEOUT_MS.key() + ")"
      : failure.getMessage() == null ? failure.getClass().getSimpleName()
      : PostgresUri.redact(failure.getMessage()).replaceAll("\\.$", "");
    return new StorageUnavailable("PostgreSQL at " + target.address() + " is unreachable: " + why, failure);
  }

  private static boolean passing(String sqlState) {
    return sqlState != null && sqlState.length() >= 2 && PASSING_SQLSTATE_CLASSES.contains(sqlState.substring(0, 2));
  }

  private static OffsetDateTime utc(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
  }
}
