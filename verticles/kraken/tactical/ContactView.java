package kraken.tactical;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import kraken.bus.ContactSummary;

import java.io.IOException;
import java.util.Map;

/**
 * What a reader gets of a stored contact: its summary, without the reading keys it holds (which can be many),
 * computed on the member that owns the contact by {@link Projection} (lists) or {@link Read} (one contact).
 */
final class ContactView implements IdentifiedDataSerializable {

  private ContactSummary summary;

  ContactView() {
  }

  ContactView(ContactSummary summary) {
    this.summary = summary;
  }

  ContactSummary summary() {
    return summary;
  }

  @Override
  public int getFactoryId() {
    return TacticalGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return TacticalGridTypes.CONTACT_VIEW;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    Contact.writeSummary(out, summary);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    summary = Contact.readSummary(in);
  }

  /** Every contact's view, for lists and reports. */
  static final class Projection implements com.hazelcast.projection.Projection<Map.Entry<String, Contact>, ContactView>,
    IdentifiedDataSerializable {

    @Override
    public ContactView transform(Map.Entry<String, Contact> entry) {
      return new ContactView(entry.getValue().summary());
    }

    @Override
    public int getFactoryId() {
      return TacticalGridTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return TacticalGridTypes.VIEW_PROJECTION;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
  }

  /** One contact's view, read where it lives (no copy of its reading keys); null when there is no such contact. */
  static final class Read implements EntryProcessor<String, Contact, ContactView>, ReadOnly, IdentifiedDataSerializable {

    @Override
    public ContactView process(Map.Entry<String, Contact> entry) {
      return entry.getValue() == null ? null : new ContactView(entry.getValue().summary());
    }

    @Override
    public EntryProcessor<String, Contact, ContactView> getBackupProcessor() {
      return null;
    }

    @Override
    public int getFactoryId() {
      return TacticalGridTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return TacticalGridTypes.READ_VIEW;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
  }
}
