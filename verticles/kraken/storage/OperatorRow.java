package kraken.storage;

import java.util.UUID;

/**
 * One operator record as PostgreSQL keeps it: a classification (table {@code classifications}, {@code what} is the
 * vessel class) or a combat action (table {@code combat_actions}, {@code what} is the action's name). The id is
 * chosen when the operator's request is taken, so writing it twice stores it once.
 */
public record OperatorRow(UUID id, Kind kind, String contactId, String what, String operator, String reason, long at) {

  /** Which table the record belongs in. */
  public enum Kind {
    CLASSIFICATION, COMBAT_ACTION
  }
}
