package kraken.tactical;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Removes a contact only if it is still stale when the removal runs, atomically on the member that owns it: a
 * reading folded between the sweep's query and this removal has moved {@code updatedAt} past the cutoff, and the
 * contact stays. Answers whether it removed. The backup replica runs the same check on the same value.
 */
final class RemoveIfStale implements EntryProcessor<String, Contact, Boolean>, IdentifiedDataSerializable {

  private long cutoff;

  /** For deserialization. */
  RemoveIfStale() {
  }

  /** {@code cutoff}: a contact last updated before this (epoch ms) is stale. */
  RemoveIfStale(long cutoff) {
    this.cutoff = cutoff;
  }

  @Override
  public Boolean process(Map.Entry<String, Contact> entry) {
    Contact contact = entry.getValue();
    if (contact == null || contact.getUpdatedAt() >= cutoff) {
      return false;
    }
    entry.setValue(null);
    return true;
  }

  @Override
  public int getFactoryId() {
    return TacticalGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return TacticalGridTypes.REMOVE_IF_STALE;
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
