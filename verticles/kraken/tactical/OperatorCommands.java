package kraken.tactical;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.bus.Addresses;
import kraken.bus.ContactSummary;
import kraken.bus.OperatorAction;
import kraken.bus.OperatorClassification;
import kraken.bus.RecommendedAction;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.grid.GridMap;

import java.util.Comparator;

/**
 * What an operator does to the picture: classify a contact, order a combat action. Each is first kept in the grid
 * with a synchronous backup ({@link GridMap#OPERATOR_RECORDS}) until PostgreSQL has it, then applied to its contact
 * (atomically where the contact lives; an unknown contact changes nothing and keeps no record), and only then answered; the change is published
 * on the picture's delta address like any other. With persistence on, at most {@code operator.maxPendingRecords}
 * records wait for PostgreSQL: beyond that a command is refused ({@link PendingBoundReached}) before it changes
 * anything. With persistence off the grid is the records' only home and keeps the newest
 * {@code operator.maxPendingRecords} of them: older ones are deleted as new ones come.
 */
public final class OperatorCommands {

  private final Vertx vertx;
  private final IMap<String, Contact> contacts;
  private final IMap<String, OperatorRecord> records;
  private final boolean persistence;
  private final int maxPending;

  /** A record taken and the contact as it now stands. */
  public record Taken(OperatorRecord record, ContactSummary contact) {
  }

  /** Too many records already wait for PostgreSQL; nothing was changed or recorded. */
  public static final class PendingBoundReached extends RuntimeException {
    PendingBoundReached(String message) {
      super(message, null, false, false);
    }
  }

  public OperatorCommands(Vertx vertx, Grid grid, JsonObject flatConfig) {
    this.vertx = vertx;
    this.contacts = grid.map(GridMap.CONTACTS);
    this.records = grid.map(GridMap.OPERATOR_RECORDS);
    this.persistence = Settings.persistenceEnabled(flatConfig);
    this.maxPending = Settings.OPERATOR_MAX_PENDING_RECORDS.from(flatConfig);
  }

  /** Classifies the contact; null when there is no such contact. */
  public Future<Taken> classify(String contactId, String operator, String vesselClass, String reason) {
    return take(OperatorRecord.classification(contactId,
      new OperatorClassification(vesselClass, operator, reason, System.currentTimeMillis())));
  }

  /** Orders the action against the contact; null when there is no such contact. */
  public Future<Taken> act(String contactId, String operator, RecommendedAction action, String reason) {
    return take(OperatorRecord.combatAction(contactId,
      new OperatorAction(action, operator, reason, System.currentTimeMillis())));
  }

  /**
   * Stores the record first (setAsync completes once the synchronous backup holds it too), and only then puts it on
   * the contact: the picture never shows a classification or action that is not recorded, even if the store fails
   * or this node dies in between. An unknown contact is refused before anything is stored; one that ages out between
   * the store and the change has its record deleted again, and is answered null (404) like an unknown one.
   */
  private Future<Taken> take(OperatorRecord record) {
    String contactId = record.row().contactId();
    return roomForOneMore()
      .compose(v -> vertx.executeBlocking(() -> contacts.containsKey(contactId), false))
      .compose(known -> !known ? Future.<Taken>succeededFuture() : store(record)
        .compose(v -> Future.fromCompletionStage(contacts.submitToKey(contactId, new ApplyOperatorRecord(record)),
          vertx.getOrCreateContext()))
        .compose(view -> {
          if (view == null) {
            return Future.fromCompletionStage(records.removeAsync(record.id()), vertx.getOrCreateContext())
              .map(deleted -> (Taken) null);
          }
          vertx.eventBus().publish(Addresses.PICTURE_DELTA,
            new JsonObject().put("contacts", new JsonArray().add(view.summary().toJson())));
          return Future.succeededFuture(new Taken(record, view.summary()));
        }));
  }

  private Future<Void> store(OperatorRecord record) {
    Future<Void> stored = Future.fromCompletionStage(records.setAsync(record.id(), record), vertx.getOrCreateContext());
    return persistence ? stored : stored.compose(v -> vertx.executeBlocking(() -> keepNewest(record), false));
  }

  /**
   * With persistence off nothing ever takes records out of the grid: keep the newest {@code operator.maxPendingRecords}
   * (by time taken) and delete the older ones, never the one just taken, so the map cannot grow without bound.
   */
  private Void keepNewest(OperatorRecord taken) {
    int over = records.size() - maxPending;
    if (over > 0) {
      records.values().stream().filter(r -> !r.id().equals(taken.id()))
        .sorted(Comparator.comparingLong((OperatorRecord r) -> r.row().at()).thenComparing(OperatorRecord::id))
        .limit(over).forEach(r -> records.delete(r.id()));
    }
    return null;
  }

  private Future<Void> roomForOneMore() {
    if (!persistence) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(records::size, false).compose(waiting -> waiting < maxPending
      ? Future.succeededFuture()
      : Future.failedFuture(new PendingBoundReached("PostgreSQL is unreachable: " + waiting + " operator records "
        + "already wait to be written, the most the grid holds for it (" + Settings.OPERATOR_MAX_PENDING_RECORDS.key()
        + "=" + maxPending + "); nothing was recorded and the picture is unchanged: retry when PostgreSQL is back")));
  }
}
