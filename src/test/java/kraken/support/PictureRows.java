package kraken.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the picture recorder wrote to {@code threat_assessments} and {@code track_points}, and what its metrics say, for tests. */
public final class PictureRows {

  private PictureRows() {
  }

  /** Rows whose contact id starts with {@code contactPrefix}. */
  public static Future<List<Row>> rows(Pool db, String contactPrefix) {
    return db.preparedQuery("SELECT * FROM threat_assessments WHERE contact_id LIKE $1 ORDER BY recorded_at, contact_id")
      .execute(Tuple.of(contactPrefix + "%")).map(rows -> {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
      });
  }

  public static Future<Void> delete(Pool db, String contactPrefix) {
    return db.preparedQuery("DELETE FROM threat_assessments WHERE contact_id LIKE $1")
      .execute(Tuple.of(contactPrefix + "%")).mapEmpty();
  }

  /** Snapshot rows whose contact id starts with {@code contactPrefix}, oldest first. */
  public static Future<List<Row>> snapshots(Pool db, String contactPrefix) {
    return db.preparedQuery("SELECT * FROM contact_snapshots WHERE contact_id LIKE $1 ORDER BY snapshot_at")
      .execute(Tuple.of(contactPrefix + "%")).map(rows -> {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
      });
  }

  public static Future<Void> deleteSnapshots(Pool db, String contactPrefix) {
    return db.preparedQuery("DELETE FROM contact_snapshots WHERE contact_id LIKE $1")
      .execute(Tuple.of(contactPrefix + "%")).mapEmpty();
  }

  /** Track points whose contact id starts with {@code contactPrefix}, oldest first. */
  public static Future<List<Row>> trackPoints(Pool db, String contactPrefix) {
    return db.preparedQuery("SELECT * FROM track_points WHERE contact_id LIKE $1 ORDER BY contact_id, at")
      .execute(Tuple.of(contactPrefix + "%")).map(rows -> {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
      });
  }

  public static Future<Void> deleteTrackPoints(Pool db, String contactPrefix) {
    return db.preparedQuery("DELETE FROM track_points WHERE contact_id LIKE $1")
      .execute(Tuple.of(contactPrefix + "%")).mapEmpty();
  }

  /** Polls until at least {@code count} rows are there or the deadline passes; the rows found last. */
  public static Future<List<Row>> atLeast(Vertx vertx, Pool db, String contactPrefix, int count, long deadlineMillis) {
    return Attempts.until(vertx, () -> rows(db, contactPrefix), rows -> rows.size() >= count, deadlineMillis);
  }

  /** The value of an unlabelled metric on the node's /metrics, or -1 when it is not there. */
  public static Future<Double> metric(WebClient client, int opsPort, String name) {
    return client.get(opsPort, "127.0.0.1", "/metrics").send().map(response -> {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$")
        .matcher(response.bodyAsString());
      return m.find() ? Double.parseDouble(m.group(1)) : -1.0;
    });
  }
}
