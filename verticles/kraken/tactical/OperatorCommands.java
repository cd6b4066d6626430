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

/**
 * What an operator does to the picture: classify a contact, order a combat action. Each is applied to its contact
 * (atomically where the contact lives; an unknown contact changes nothing), then kept in the grid with a synchronous
 * backup ({@link GridMap#OPERATOR_RECORDS}) until PostgreSQL has it, and only then answered; the change is published
 * on the picture's delta address like any other. With persistence on, at most {@code operator.maxPendingRecords}
 * records wait for PostgreSQL: beyond that a command is refused ({@link PendingBoundReached}) before it changes
 * anything.
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

  private Future<Taken> take(OperatorRecord record) {
    return roomForOneMore()
      .compose(v -> Future.fromCompletionStage(contacts.submitToKey(record.row().contactId(),
        new ApplyOperatorRecord(record)), vertx.getOrCreateContext()))
      .compose(view -> {
        if (view == null) {
          return Future.succeededFuture();
        }
        // setAsync completes once the synchronous backup holds the record too: only then is it acknowledged
        return Future.fromCompletionStage(records.setAsync(record.id(), record), vertx.getOrCreateContext())
          .map(v -> {
            vertx.eventBus().publish(Addresses.PICTURE_DELTA,
              new JsonObject().put("contacts", new JsonArray().add(view.summary().toJson())));
            return new Taken(record, view.summary());
          });
      });
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
