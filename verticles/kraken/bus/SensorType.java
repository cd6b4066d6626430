package kraken.bus;

import io.vertx.core.json.JsonObject;

/**
 * What kind of sensor produced a reading, with the measurements specific to that kind.
 * In JSON it is an object whose {@code type} names the kind: {@code {"type": "SonarPassive", "frequencyMhz": 0.0004, "bearing": 87.5}}.
 */
public sealed interface SensorType {

  String name();

  JsonObject toJson();

  /** Passive sonar: a tonal heard at a frequency from a bearing (degrees true, 0 to 360). */
  record SonarPassive(double frequencyMhz, double bearing) implements SensorType {
    public String name() {
      return "SonarPassive";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", name()).put("frequencyMhz", frequencyMhz).put("bearing", bearing);
    }
  }

  /** Active sonar: the strength (0 to 1) of an echo and its round-trip time. */
  record SonarActive(double pingStrength, double returnTimeMs) implements SensorType {
    public String name() {
      return "SonarActive";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", name()).put("pingStrength", pingStrength).put("returnTimeMs", returnTimeMs);
    }
  }

  /** Optical satellite: a detection at a position, seen at a zoom level (0 to 22). */
  record SatelliteOptical(double lat, double lon, int zoomLevel) implements SensorType {
    public String name() {
      return "SatelliteOptical";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", name()).put("lat", lat).put("lon", lon).put("zoomLevel", zoomLevel);
    }
  }

  /** Signals satellite: an emitter in a frequency range, received at a strength in dBm. */
  record SatelliteSignals(FrequencyRange frequencyRange, double signalStrength) implements SensorType {
    public String name() {
      return "SatelliteSignals";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", name()).put("frequencyRange", frequencyRange.toJson())
        .put("signalStrength", signalStrength);
    }
  }

  /** A communications intercept on a frequency, with the encryption it used. */
  record CommsIntercept(double frequencyMhz, Encryption encryptionType) implements SensorType {
    public String name() {
      return "CommsIntercept";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", name()).put("frequencyMhz", frequencyMhz)
        .put("encryptionType", encryptionType.name());
    }
  }

  /** A band of frequencies in MHz, low below high. */
  record FrequencyRange(double lowMhz, double highMhz) {
    public JsonObject toJson() {
      return new JsonObject().put("lowMhz", lowMhz).put("highMhz", highMhz);
    }
  }

  /** Encryption seen on an intercepted transmission. */
  enum Encryption {
    None, Commercial, Military, Unknown
  }
}
