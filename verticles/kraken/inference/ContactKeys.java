package kraken.inference;

import kraken.bus.SensorReading;

/**
 * Which contact a reading belongs to. Until cross-sensor association lands (the tactical picture issue), each
 * sensor's readings form one contact, named after the sensor: a rule anyone can predict from the reading.
 */
public final class ContactKeys {

  private ContactKeys() {
  }

  public static String contactOf(SensorReading reading) {
    return "C-" + reading.sensorId();
  }
}
