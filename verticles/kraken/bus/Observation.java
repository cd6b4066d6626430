package kraken.bus;

import io.vertx.core.json.JsonObject;

/**
 * The geometry one reading measured, as tactical needs it to associate and track: when (sensor time, epoch ms),
 * which sensor track and kind, and whatever of bearing (degrees true from own ship), range (metres from own ship)
 * and position (lat/lon) the reading carried; what it did not measure is null. Built from a {@link SensorReading}
 * by {@link #of}, so every kind's geometry is read in one place.
 */
public record Observation(long at, String sensorId, String sensorKind, Double bearing, Double rangeM, Double lat,
                          Double lon) {

  /** The reading's geometry, or null when it has none (a passive sonar always has its bearing). */
  public static Observation of(SensorReading reading) {
    SensorType type = reading.sensorType();
    Double bearing = null;
    Double rangeM = null;
    Double lat = null;
    Double lon = null;
    if (type instanceof SensorType.SonarPassive p) {
      bearing = p.bearing();
    } else if (type instanceof SensorType.SonarActive a) {
      rangeM = a.returnTimeMs() / 1000.0 * PayloadFormat.SOUND_SPEED_MPS / 2;
      bearing = a.bearing();
    } else if (type instanceof SensorType.SatelliteOptical o) {
      lat = o.lat();
      lon = o.lon();
    } else if (type instanceof SensorType.SatelliteSignals s) {
      lat = s.lat();
      lon = s.lon();
    } else if (type instanceof SensorType.CommsIntercept c) {
      bearing = c.bearing();
    }
    if (bearing == null && rangeM == null && lat == null) {
      return null;
    }
    return new Observation(reading.timestamp(), reading.sensorId(), type.name(), bearing, rangeM, lat, lon);
  }

  public boolean hasPosition() {
    return lat != null && lon != null;
  }

  public boolean hasBearing() {
    return bearing != null;
  }

  public JsonObject toJson() {
    return new JsonObject().put("at", at).put("sensorId", sensorId).put("sensorKind", sensorKind)
      .put("bearing", bearing).put("rangeM", rangeM).put("lat", lat).put("lon", lon);
  }

  public static Observation fromJson(JsonObject json) {
    return new Observation(json.getLong("at"), json.getString("sensorId"), json.getString("sensorKind"),
      json.getDouble("bearing"), json.getDouble("rangeM"), json.getDouble("lat"), json.getDouble("lon"));
  }
}
