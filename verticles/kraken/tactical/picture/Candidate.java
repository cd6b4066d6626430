package kraken.tactical.picture;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A contact association may bind a new sensor track to: its track, the instruments it holds, when last seen. */
public final class Candidate implements IdentifiedDataSerializable {

  public static final int CLASS_ID = 11;

  private String contactId;
  private Track track;
  private Set<String> instruments;
  private long lastSeenAt;

  /** For deserialization. */
  public Candidate() {
  }

  public Candidate(String contactId, Track track, Set<String> instruments, long lastSeenAt) {
    this.contactId = contactId;
    this.track = track;
    this.instruments = instruments;
    this.lastSeenAt = lastSeenAt;
  }

  public String contactId() {
    return contactId;
  }

  public Track track() {
    return track;
  }

  public Set<String> instruments() {
    return instruments;
  }

  public long lastSeenAt() {
    return lastSeenAt;
  }

  @Override
  public int getFactoryId() {
    return kraken.tactical.TacticalGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return CLASS_ID;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(contactId);
    out.writeLong(lastSeenAt);
    out.writeStringArray(instruments.toArray(String[]::new));
    track.writeTo(out);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    contactId = in.readString();
    lastSeenAt = in.readLong();
    instruments = Set.copyOf(new ArrayList<>(List.of(in.readStringArray())));
    track = Track.readFrom(in);
  }
}
