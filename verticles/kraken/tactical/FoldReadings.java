package kraken.tactical;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.bus.ThreatAssessment;

import kraken.tactical.picture.TrackSettings;

import java.io.IOException;
import java.util.Map;

/**
 * Folds a contact's update into the stored contact, atomically on the member that owns it, so two tactical nodes
 * updating the same contact cannot lose each other's readings. It travels in a compact binary form; the backup
 * replica runs the same fold, which is deterministic, so primary and backup hold the same contact. Answers with
 * what changed. One processor per contact: only a single-key submission waits for its synchronous backup.
 */
final class FoldReadings implements EntryProcessor<String, Contact, FoldReadings.Folded>, IdentifiedDataSerializable {

  private ContactUpdate update;
  private long now;
  private DuplicateWindow window;
  private TrackSettings tracking = TrackSettings.DEFAULTS;

  /** For deserialization. */
  FoldReadings() {
  }

  FoldReadings(ContactUpdate update, long now, DuplicateWindow window) {
    this(update, now, window, TrackSettings.DEFAULTS);
  }

  FoldReadings(ContactUpdate update, long now, DuplicateWindow window, TrackSettings tracking) {
    this.update = update;
    this.now = now;
    this.window = window;
    this.tracking = tracking;
  }

  @Override
  public Folded process(Map.Entry<String, Contact> entry) {
    if (!update.contactId().equals(entry.getKey())) {
      // a backup must never be skipped silently: that would leave the replica behind its primary
      throw new IllegalStateException("fold of contact " + entry.getKey() + " without an update for it");
    }
    Contact contact = entry.getValue() == null ? Contact.named(entry.getKey()) : entry.getValue();
    Contact.Outcome outcome = contact.fold(update, now, window, tracking);
    if (outcome.fresh() == 0 && contact.isEmpty()) {
      return new Folded(null, outcome);
    }
    entry.setValue(contact);
    return new Folded(outcome.fresh() == 0 ? null : contact.summary(), outcome);
  }

  /** One contact's answer: the contact as now stored (null when nothing changed) and the fold's counts. */
  static final class Folded implements IdentifiedDataSerializable {
    private ContactSummary changed;
    private Contact.Outcome outcome;

    Folded() {
    }

    Folded(ContactSummary changed, Contact.Outcome outcome) {
      this.changed = changed;
      this.outcome = outcome;
    }

    ContactSummary changed() {
      return changed;
    }

    Contact.Outcome outcome() {
      return outcome;
    }

    @Override
    public int getFactoryId() {
      return TacticalGridTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return TacticalGridTypes.FOLDED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeInt(outcome.fresh());
      out.writeInt(outcome.duplicates());
      out.writeInt(outcome.evicted());
      out.writeBoolean(changed != null);
      if (changed != null) {
        Contact.writeSummary(out, changed);
      }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      outcome = new Contact.Outcome(in.readInt(), in.readInt(), in.readInt());
      changed = in.readBoolean() ? Contact.readSummary(in) : null;
    }
  }

  @Override
  public int getFactoryId() {
    return TacticalGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return TacticalGridTypes.FOLD_READINGS;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(now);
    out.writeLong(window.windowMs());
    out.writeInt(window.maxKeysPerContact());
    out.writeDouble(tracking.ownLat());
    out.writeDouble(tracking.ownLon());
    out.writeInt(tracking.historySize());
    out.writeLong(tracking.memberWindowMs());
    Contact.writeAssessment(out, update.assessment());
    Contact.writeStrings(out, update.sensorIds());
    Contact.writeStrings(out, update.sensorKinds());
    out.writeString(update.lastReadingId());
    out.writeLong(update.firstReadingAt());
    out.writeLong(update.lastReadingAt());
    out.writeLong(update.receivedAt());
    out.writeLongArray(update.readingKeys());
    Contact.writeObservations(out, update.observations());
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    now = in.readLong();
    window = new DuplicateWindow(in.readLong(), in.readInt());
    tracking = new TrackSettings(in.readDouble(), in.readDouble(), in.readInt(), in.readLong());
    ThreatAssessment a = Contact.readAssessment(in);
    update = new ContactUpdate(a, Contact.readStrings(in), Contact.readStrings(in), in.readString(), in.readLong(),
      in.readLong(), in.readLong(), in.readLongArray(), Contact.readObservations(in));
  }
}
