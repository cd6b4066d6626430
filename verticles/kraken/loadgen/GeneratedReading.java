package kraken.loadgen;

import kraken.bus.SensorType;

/**
 * One reading the load generator made up, independent of how it travels: the HTTP transport writes it as JSON,
 * the binary TCP transport will encode the same fields. {@code payload} may be shared between readings (it is
 * never modified), so it costs nothing to keep many in flight.
 *
 * @param timestamp when the schedule meant it to be sent, epoch milliseconds (also the sensor's measurement time)
 */
public record GeneratedReading(String id, String sensorId, long timestamp, SensorType sensorType, byte[] payload) {

  /** The kind's name as ingest spells it, e.g. {@code SonarActive}. */
  public String kind() {
    return sensorType.name();
  }
}
