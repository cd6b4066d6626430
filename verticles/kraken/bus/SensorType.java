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

  /**
   * Active sonar: the strength (0 to 1) of an echo and its round-trip time, and optionally the echo's bearing
   * (degrees true, 0 to 360; null when the sonar did not say).
   */
  record SonarActive(double pingStrength, double returnTimeMs, Double bearing) implements SensorType {
    public SonarActive(double pingStrength, double returnTimeMs) {
      this(pingStrength, returnTimeMs, null);
    }

    public String name() {
      return "SonarActive";
    }

    public JsonObject toJson() {
      return optional(new JsonObject().put("type", name()).put("pingStrength", pingStrength)
        .put("returnTimeMs", returnTimeMs), "bearing", bearing);
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

  /**
   * Signals satellite: an emitter in a frequency range, received at a strength in dBm, and optionally where the
   * emitter was geolocated (lat and lon together, or both null).
   */
  record SatelliteSignals(FrequencyRange frequencyRange, double signalStrength, Double lat, Double lon)
    implements SensorType {
    public SatelliteSignals(FrequencyRange frequencyRange, double signalStrength) {
      this(frequencyRange, signalStrength, null, null);
    }

    public String name() {
      return "SatelliteSignals";
    }

    public JsonObject toJson() {
      return optional(optional(new JsonObject().put("type", name()).put("frequencyRange", frequencyRange.toJson())
        .put("signalStrength", signalStrength), "lat", lat), "lon", lon);
    }
  }

  /**
   * A communications intercept on a frequency, with the encryption it used, and optionally the direction-finding
   * bearing of the transmitter (degrees true, 0 to 360; null when not measured).
   */
  record CommsIntercept(double frequencyMhz, Encryption encryptionType, Double bearing) implements SensorType {
    public CommsIntercept(double frequencyMhz, Encryption encryptionType) {
      this(frequencyMhz, encryptionType, null);
    }

    public String name() {
      return "CommsIntercept";
    }

    public JsonObject toJson() {
      return optional(new JsonObject().put("type", name()).put("frequencyMhz", frequencyMhz)
        .put("encryptionType", encryptionType.name()), "bearing", bearing);
    }
  }

  /** An optional measurement is left out of the JSON when absent, so readings without it look as they always did. */
  private static JsonObject optional(JsonObject json, String field, Double value) {
    return value == null ? json : json.put(field, value);
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
