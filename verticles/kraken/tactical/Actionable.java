package kraken.tactical;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import kraken.bus.RecommendedAction;

import java.util.Map;

/**
 * The contacts whose recommended action is more than {@link RecommendedAction#Monitor}, evaluated by each member on
 * the contacts it owns (stored as objects: nothing deserialized or parsed), for the picture's recommended actions.
 */
final class Actionable implements Predicate<String, Contact>, IdentifiedDataSerializable {

  @Override
  public boolean apply(Map.Entry<String, Contact> entry) {
    Contact contact = entry.getValue();
    return contact != null && !contact.isEmpty() && contact.recommendedAction() != null
      && contact.recommendedAction() != RecommendedAction.Monitor;
  }

  @Override
  public int getFactoryId() {
    return AlertGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return AlertGridTypes.ACTIONABLE;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
  }

  @Override
  public void readData(ObjectDataInput in) {
  }
}
