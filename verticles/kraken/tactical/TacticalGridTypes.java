package kraken.tactical;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The tactical objects that live in or travel through the grid, with their Hazelcast type ids: compact binary
 * forms instead of Java serialization or JSON. The launcher registers {@link #factory()} with every member.
 */
public final class TacticalGridTypes {

  public static final int FACTORY_ID = 7_100;
  static final int CONTACT = 1;
  static final int FOLD_READINGS = 2;
  static final int FOLDED = 3;
  static final int CONTACT_VIEW = 4;
  static final int VIEW_PROJECTION = 5;
  static final int READ_VIEW = 6;
  static final int CONTACT_FILTER = 7;
  static final int OPERATOR_RECORD = 8;
  static final int APPLY_OPERATOR_RECORD = 9;
  // 10 and 11: kraken.tactical.picture.CandidateProjection and Candidate (their CLASS_ID)
  static final int REMOVE_IF_STALE = 12;

  private TacticalGridTypes() {
  }

  public static DataSerializableFactory factory() {
    return TacticalGridTypes::create;
  }

  private static IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case CONTACT -> new Contact();
      case FOLD_READINGS -> new FoldReadings();
      case FOLDED -> new FoldReadings.Folded();
      case CONTACT_VIEW -> new ContactView();
      case VIEW_PROJECTION -> new ContactView.Projection();
      case READ_VIEW -> new ContactView.Read();
      case CONTACT_FILTER -> new ContactFilter();
      case OPERATOR_RECORD -> new OperatorRecord();
      case APPLY_OPERATOR_RECORD -> new ApplyOperatorRecord();
      case REMOVE_IF_STALE -> new RemoveIfStale();
      case kraken.tactical.picture.CandidateProjection.CLASS_ID -> new kraken.tactical.picture.CandidateProjection();
      case kraken.tactical.picture.Candidate.CLASS_ID -> new kraken.tactical.picture.Candidate();
      default -> throw new IllegalArgumentException("no tactical grid type with class id " + classId);
    };
  }
}
