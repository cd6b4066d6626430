package kraken.support;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** Valid reading JSON for tests, one per sensor kind; tests break them on purpose. */
public final class Readings {

  private Readings() {
  }

  public static JsonObject activeSonar(String id, String sensorId, double strength, double returnTimeMs) {
    return base(id, sensorId).put("sensorType", new JsonObject().put("type", "SonarActive")
      .put("pingStrength", strength).put("returnTimeMs", returnTimeMs));
  }

  public static JsonObject passiveSonar(String id, String sensorId, double frequencyMhz, double bearing) {
    return base(id, sensorId).put("sensorType", new JsonObject().put("type", "SonarPassive")
      .put("frequencyMhz", frequencyMhz).put("bearing", bearing));
  }

  public static JsonObject comms(String id, String sensorId, String encryption) {
    return base(id, sensorId).put("sensorType", new JsonObject().put("type", "CommsIntercept")
      .put("frequencyMhz", 156.8).put("encryptionType", encryption));
  }

  private static JsonObject base(String id, String sensorId) {
    return new JsonObject().put("id", id).put("sensorId", sensorId).put("timestamp", Instant.now().toString())
      .put("classification", "Secret").put("priority", "High");
  }
}
