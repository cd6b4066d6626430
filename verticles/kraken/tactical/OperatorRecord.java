package kraken.tactical;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vertx.core.json.JsonObject;
import kraken.bus.OperatorAction;
import kraken.bus.OperatorClassification;
import kraken.bus.RecommendedAction;
import kraken.storage.OperatorRow;

import java.io.IOException;
import java.util.UUID;

/**
 * An operator's classification or combat action as the grid keeps it until PostgreSQL has it
 * ({@link kraken.grid.GridMap#OPERATOR_RECORDS}), and as the API answers it. Its id is chosen when the request is
 * taken, so the flusher may write it any number of times and it is stored once.
 */
public final class OperatorRecord implements IdentifiedDataSerializable {

  private OperatorRow row;

  /** For deserialization. */
  OperatorRecord() {
  }

  private OperatorRecord(OperatorRow row) {
    this.row = row;
  }

  public static OperatorRecord classification(String contactId, OperatorClassification c) {
    return new OperatorRecord(new OperatorRow(UUID.randomUUID(), OperatorRow.Kind.CLASSIFICATION, contactId,
      c.vesselClass(), c.operator(), c.reason(), c.at()));
  }

  public static OperatorRecord combatAction(String contactId, OperatorAction a) {
    return new OperatorRecord(new OperatorRow(UUID.randomUUID(), OperatorRow.Kind.COMBAT_ACTION, contactId,
      a.action().name(), a.operator(), a.reason(), a.at()));
  }

  public OperatorRow row() {
    return row;
  }

  public String id() {
    return row.id().toString();
  }

  /** Puts what the operator said on the contact: the latest classification or action wins. */
  void applyTo(Contact contact) {
    if (row.kind() == OperatorRow.Kind.CLASSIFICATION) {
      contact.classify(new OperatorClassification(row.what(), row.operator(), row.reason(), row.at()));
    } else {
      contact.act(new OperatorAction(RecommendedAction.valueOf(row.what()), row.operator(), row.reason(), row.at()));
    }
  }

  /** {id, contactId, vesselClass or action, operator, reason, at}: the API's answer. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id()).put("contactId", row.contactId())
      .put(row.kind() == OperatorRow.Kind.CLASSIFICATION ? "vesselClass" : "action", row.what())
      .put("operator", row.operator()).put("reason", row.reason()).put("at", row.at());
  }

  @Override
  public int getFactoryId() {
    return TacticalGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return TacticalGridTypes.OPERATOR_RECORD;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(row.id().getMostSignificantBits());
    out.writeLong(row.id().getLeastSignificantBits());
    out.writeByte(row.kind().ordinal());
    out.writeString(row.contactId());
    out.writeString(row.what());
    out.writeString(row.operator());
    out.writeString(row.reason());
    out.writeLong(row.at());
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    row = new OperatorRow(new UUID(in.readLong(), in.readLong()), OperatorRow.Kind.values()[in.readByte()],
      in.readString(), in.readString(), in.readString(), in.readString(), in.readLong());
  }
}
