package kraken.tactical;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Puts an operator record on its contact, atomically on the member that owns the contact (so it cannot race a
 * fold), and answers the contact as now stored; null, changing nothing, when there is no such contact. The backup
 * replica runs the same, deterministic, change.
 */
final class ApplyOperatorRecord implements EntryProcessor<String, Contact, ContactView>, IdentifiedDataSerializable {

  private OperatorRecord record;

  /** For deserialization. */
  ApplyOperatorRecord() {
  }

  ApplyOperatorRecord(OperatorRecord record) {
    this.record = record;
  }

  @Override
  public ContactView process(Map.Entry<String, Contact> entry) {
    Contact contact = entry.getValue();
    if (contact == null) {
      return null;
    }
    record.applyTo(contact);
    entry.setValue(contact);
    return new ContactView(contact.summary());
  }

  @Override
  public int getFactoryId() {
    return TacticalGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return TacticalGridTypes.APPLY_OPERATOR_RECORD;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    record.writeData(out);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    record = new OperatorRecord();
    record.readData(in);
  }
}
