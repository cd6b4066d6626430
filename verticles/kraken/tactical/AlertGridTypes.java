package kraken.tactical;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The grid types of sensor health, system alerts and the picture's action query, with their own factory id so that
 * they never take a class id another part of the picture wants ({@link TacticalGridTypes}). Registered with every
 * member by {@link kraken.grid.GridConfig}.
 */
public final class AlertGridTypes {

  public static final int FACTORY_ID = 7_200;
  static final int SENSOR_HEALTH = 1;
  static final int HEALTH_FOLD = 2;
  static final int FORGET_SILENT = 3;
  static final int SYSTEM_ALERT = 4;
  static final int ACTIONABLE = 5;

  private AlertGridTypes() {
  }

  public static DataSerializableFactory factory() {
    return AlertGridTypes::create;
  }

  private static IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case SENSOR_HEALTH -> new SensorHealth();
      case HEALTH_FOLD -> new SensorHealthFold();
      case FORGET_SILENT -> new SensorHealthFold.ForgetSilent();
      case SYSTEM_ALERT -> new SystemAlert();
      case ACTIONABLE -> new Actionable();
      default -> throw new IllegalArgumentException("no alert grid type with class id " + classId);
    };
  }
}
