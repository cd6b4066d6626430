package kraken.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** What the operator record flusher wrote to {@code classifications} and {@code combat_actions}, for tests. */
public final class OperatorRows {

  public static final String CLASSIFICATIONS = "classifications";
  public static final String COMBAT_ACTIONS = "combat_actions";

  private OperatorRows() {
  }

  /** Rows of {@code table} whose contact id starts with {@code contactPrefix}. */
  public static Future<List<Row>> rows(Pool db, String table, String contactPrefix) {
    return db.preparedQuery("SELECT * FROM " + table + " WHERE contact_id LIKE $1 ORDER BY contact_id, id")
      .execute(Tuple.of(contactPrefix + "%")).map(rows -> {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
      });
  }

  /** Polls until at least {@code count} rows are there or the deadline passes; the rows found last. */
  public static Future<List<Row>> atLeast(Vertx vertx, Pool db, String table, String contactPrefix, int count,
                                          long deadlineMillis) {
    return Attempts.until(vertx, () -> rows(db, table, contactPrefix), rows -> rows.size() >= count, deadlineMillis);
  }

  /** Deletes every row the tests wrote under the prefix: operator records, assessments and snapshots. */
  public static Future<Void> deleteAll(Pool db, String contactPrefix) {
    Future<Void> chain = Future.succeededFuture();
    for (String table : List.of(CLASSIFICATIONS, COMBAT_ACTIONS, "threat_assessments", "contact_snapshots")) {
      chain = chain.compose(v -> db.preparedQuery("DELETE FROM " + table + " WHERE contact_id LIKE $1")
        .execute(Tuple.of(contactPrefix + "%")).mapEmpty());
    }
    return chain;
  }
}
