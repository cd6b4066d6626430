package kraken.simulation;

import kraken.bus.SensorKind;

/**
 * Own ship's sensors and what each can physically detect. {@code share} is its part of the readings, the
 * proportions of the load generator's seed mix (sonar 5000 : satellite 500 : comms 2000 per second).
 */
enum Sensor {
  /** Bow active sonar: echoes from anything in the water within its range. */
  BowSonar("bow-sonar", SensorKind.SonarActive, "High", 2500, 12_000),
  /** Towed passive array: the radiated noise of anything within its range. */
  TowedArray("towed-array", SensorKind.SonarPassive, "Medium", 2500, 30_000),
  /** Optical satellite: what floats at the surface. */
  SatOptical("sat-optical", SensorKind.SatelliteOptical, "Low", 250, 45_000),
  /** Signals satellite: radars, which need a mast above the surface. */
  SatSignals("sat-signals", SensorKind.SatelliteSignals, "Medium", 250, 45_000),
  /** Comms intercept: radio traffic. */
  CommsIntercept("comms-intercept", SensorKind.CommsIntercept, "Medium", 2000, 45_000);

  /** Shallower than this, a vessel is at the surface for the satellites. */
  static final double SURFACE_DEPTH_M = 5;

  final String name;
  final SensorKind kind;
  final String priority;
  final int share;
  final double maxRangeM;

  Sensor(String name, SensorKind kind, String priority, int share, double maxRangeM) {
    this.name = name;
    this.kind = kind;
    this.priority = priority;
    this.share = share;
    this.maxRangeM = maxRangeM;
  }

  boolean sees(Vessel v) {
    if (v.rangeM() > maxRangeM) {
      return false;
    }
    return switch (this) {
      case BowSonar, TowedArray -> true;
      case SatOptical -> v.depth < SURFACE_DEPTH_M && v.vesselClass != VesselClass.Decoy
        && v.vesselClass != VesselClass.Torpedo;
      case SatSignals -> v.vesselClass.hasRadar() && v.depth < SURFACE_DEPTH_M;
      case CommsIntercept -> v.vesselClass.transmits();
    };
  }
}
