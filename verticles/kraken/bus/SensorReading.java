package kraken.bus;

import io.vertx.core.json.JsonObject;

import java.util.Base64;

/**
 * One measurement from one sensor, as the sensor sent it. {@code timestamp} is when the sensor measured
 * (epoch milliseconds); {@code payload} is the raw sensor data (may be empty) and never leaves memory.
 */
public record SensorReading(String id, String sensorId, long timestamp, SensorType sensorType, byte[] payload,
                            Classification classification, Priority priority) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("sensorId", sensorId).put("timestamp", timestamp)
      .put("sensorType", sensorType.toJson()).put("payload", Base64.getEncoder().encodeToString(payload))
      .put("classification", classification.name()).put("priority", priority.name());
  }
}
