package kraken.tactical;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges what one tactical node saw of several instruments since its last flush into their health, on the members
 * that own them: one submission per flush for every instrument, atomic per instrument, so two nodes never lose each
 * other's counts.
 */
final class SensorHealthFold implements EntryProcessor<String, SensorHealth, Boolean>, IdentifiedDataSerializable {

  /** What a node saw of one instrument: kinds, track ids, readings, when (picture time) and the newest sensor time. */
  record Seen(List<String> kinds, List<String> tracks, long readings, long seenAt, long lastReadingAt) {
  }

  private Map<String, Seen> seen;

  /** For deserialization. */
  SensorHealthFold() {
  }

  SensorHealthFold(Map<String, Seen> seen) {
    this.seen = seen;
  }

  @Override
  public Boolean process(Map.Entry<String, SensorHealth> entry) {
    Seen mine = seen.get(entry.getKey());
    if (mine == null) {
      return false;
    }
    SensorHealth health = entry.getValue() == null ? SensorHealth.named(entry.getKey()) : entry.getValue();
    health.merge(mine);
    entry.setValue(health);
    return true;
  }

  @Override
  public int getFactoryId() {
    return AlertGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return AlertGridTypes.HEALTH_FOLD;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(seen.size());
    for (Map.Entry<String, Seen> e : seen.entrySet()) {
      out.writeString(e.getKey());
      Contact.writeStrings(out, e.getValue().kinds());
      Contact.writeStrings(out, e.getValue().tracks());
      out.writeLong(e.getValue().readings());
      out.writeLong(e.getValue().seenAt());
      out.writeLong(e.getValue().lastReadingAt());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    int count = in.readInt();
    seen = new HashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      seen.put(in.readString(), new Seen(Contact.readStrings(in), Contact.readStrings(in), in.readLong(), in.readLong(),
        in.readLong()));
    }
  }

  /**
   * Removes an instrument silent since before the cutoff; decided where it lives, so a flush that just heard from it
   * keeps it.
   */
  static final class ForgetSilent implements EntryProcessor<String, SensorHealth, Boolean>, IdentifiedDataSerializable {

    private long cutoff;

    ForgetSilent() {
    }

    ForgetSilent(long cutoff) {
      this.cutoff = cutoff;
    }

    @Override
    public Boolean process(Map.Entry<String, SensorHealth> entry) {
      if (entry.getValue() != null && entry.getValue().lastSeenAt() < cutoff) {
        entry.setValue(null);
        return true;
      }
      return false;
    }

    @Override
    public int getFactoryId() {
      return AlertGridTypes.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return AlertGridTypes.FORGET_SILENT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeLong(cutoff);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      cutoff = in.readLong();
    }
  }
}
