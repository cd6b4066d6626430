package kraken.support;

import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Parsed readings of every sensor kind, with payload bytes, under a sensor-id prefix of their own per test. */
public final class StoredReadings {

  private StoredReadings() {
  }

  /** A prefix no other test uses, so a test's rows can be found and deleted. */
  public static String uniquePrefix() {
    return "st-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  /** One reading of each kind, sensors {@code prefix + 0..4}, reading ids {@code r-0..r-4}, payloads 0 to 4 KiB. */
  public static List<SensorReading> everyKind(String prefix, long measuredAt) {
    List<SensorType> kinds = List.of(
      new SensorType.SonarPassive(0.0004, 87.5),
      new SensorType.SonarActive(0.8, 1200),
      new SensorType.SatelliteOptical(36.1, -5.35, 17),
      new SensorType.SatelliteSignals(new SensorType.FrequencyRange(8000, 12000), -65.5),
      new SensorType.CommsIntercept(156.8, SensorType.Encryption.Military));
    List<SensorReading> readings = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      readings.add(new SensorReading("r-" + i, prefix + i, measuredAt + i, kinds.get(i), randomBytes(i * 1024),
        Classification.values()[i % Classification.values().length], Priority.values()[i % Priority.values().length]));
    }
    return readings;
  }

  /** Active sonar readings {@code r-from..r-(to-1)} of one sensor. */
  public static List<SensorReading> sonar(String sensorId, int from, int to, long measuredAt) {
    List<SensorReading> readings = new ArrayList<>();
    for (int i = from; i < to; i++) {
      readings.add(new SensorReading("r-" + i, sensorId, measuredAt + i, new SensorType.SonarActive(0.5, 100 + i),
        randomBytes(64), Classification.Secret, Priority.High));
    }
    return readings;
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
