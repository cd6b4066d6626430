package kraken.simulation;

import io.vertx.core.json.JsonObject;
import kraken.bus.ThreatLevel;

/**
 * What was really there when a reading was made; it travels beside the reading (never inside it) for training and
 * scoring. Course in degrees true, speed in m/s, depth in m, range in m and bearing in degrees from own ship;
 * {@code closingSpeedMps} is positive when the range shrinks; {@code timeToThreatMs} is null unless closing.
 */
public record GroundTruth(String vesselId, VesselClass vesselClass, double lat, double lon, double course,
                          double speed, double depth, double rangeM, double bearing, double closingSpeedMps,
                          Long timeToThreatMs, ThreatLevel threatLevel, Anomaly anomaly) {

  /** Below this a vessel is not counted as closing (drift, rounding). */
  static final double MIN_CLOSING_MPS = 0.1;
  static final double IMMEDIATE_RANGE_M = 3_000;
  static final double HOSTILE_RANGE_M = 20_000;

  /**
   * The doctrine the truth's threat level follows: a torpedo closing is an immediate threat, otherwise hostile; a
   * hostile submarine is an immediate threat inside 3 km, hostile inside 20 km, else suspicious; a decoy is
   * suspicious (it is there to look like something); everything else is benign.
   */
  public static ThreatLevel doctrine(VesselClass vesselClass, double rangeM, double closingSpeedMps) {
    return switch (vesselClass) {
      case Torpedo -> closingSpeedMps > MIN_CLOSING_MPS ? ThreatLevel.ImmediateThreat : ThreatLevel.Hostile;
      case HostileSubmarine -> rangeM < IMMEDIATE_RANGE_M ? ThreatLevel.ImmediateThreat
        : rangeM < HOSTILE_RANGE_M ? ThreatLevel.Hostile : ThreatLevel.Suspicious;
      case Decoy -> ThreatLevel.Suspicious;
      default -> ThreatLevel.Benign;
    };
  }

  public JsonObject toJson() {
    return new JsonObject().put("vesselId", vesselId).put("vesselClass", vesselClass.name()).put("lat", lat)
      .put("lon", lon).put("course", course).put("speed", speed).put("depth", depth).put("rangeM", rangeM)
      .put("bearing", bearing).put("closingSpeedMps", closingSpeedMps).put("timeToThreatMs", timeToThreatMs)
      .put("threatLevel", threatLevel.name()).put("anomaly", anomaly.name());
  }

  public static GroundTruth fromJson(JsonObject json) {
    return new GroundTruth(json.getString("vesselId"), VesselClass.valueOf(json.getString("vesselClass")),
      json.getDouble("lat"), json.getDouble("lon"), json.getDouble("course"), json.getDouble("speed"),
      json.getDouble("depth"), json.getDouble("rangeM"), json.getDouble("bearing"), json.getDouble("closingSpeedMps"),
      json.getLong("timeToThreatMs"), ThreatLevel.valueOf(json.getString("threatLevel")),
      Anomaly.valueOf(json.getString("anomaly")));
  }
}
