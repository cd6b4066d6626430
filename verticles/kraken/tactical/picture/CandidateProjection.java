package kraken.tactical.picture;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.projection.Projection;
import kraken.tactical.Contact;

import java.util.Map;

/** Runs where contacts live and sends back only what association gates against (never the reading keys). */
public final class CandidateProjection implements Projection<Map.Entry<String, Contact>, Candidate>,
  IdentifiedDataSerializable {

  public static final int CLASS_ID = 10;

  @Override
  public Candidate transform(Map.Entry<String, Contact> entry) {
    Contact c = entry.getValue();
    return new Candidate(entry.getKey(), c.track(), c.instruments(), c.getLastSeenAt());
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
  public void writeData(ObjectDataOutput out) {
  }

  @Override
  public void readData(ObjectDataInput in) {
  }
}
