package kraken.simulation;

import java.util.SplittableRandom;

/**
 * One vessel of the ocean and how it moves: east and north of own ship in metres, course in degrees true, speed
 * in m/s, depth in m. Torpedoes home on own ship; hostile submarines drift towards it; the rest wander. Mutable,
 * owned by its {@link Ocean}.
 */
final class Vessel {

  /** Within this a torpedo has hit (or passed) and the vessel is gone. */
  static final double END_RANGE_M = 150;
  /** Beyond this a vessel has left the picture. */
  static final double LEAVE_RANGE_M = 45_000;

  final String id;
  final VesselClass vesselClass;
  final Signature signature;
  /** Submarines at the surface (snorkelling, masts up) are seen from orbit; drawn once. */
  final boolean surfaced;
  double east;
  double north;
  double course;
  double speed;
  double depth;
  private final long diesAtMs;
  private long nextManoeuvreMs;

  Vessel(String id, VesselClass vesselClass, long nowMs, SplittableRandom r) {
    this.id = id;
    this.vesselClass = vesselClass;
    this.signature = Signature.draw(vesselClass, r);
    this.surfaced = vesselClass.submarine() && r.nextDouble() < 0.2;
    double range = r.nextDouble(vesselClass.minSpawnRangeM, vesselClass.maxSpawnRangeM);
    double bearing = r.nextDouble(360);
    this.east = range * Math.sin(Math.toRadians(bearing));
    this.north = range * Math.cos(Math.toRadians(bearing));
    this.speed = r.nextDouble(vesselClass.minSpeed, vesselClass.maxSpeed);
    this.depth = surfaced ? r.nextDouble(0, 4) : vesselClass.minDepth == vesselClass.maxDepth ? vesselClass.minDepth
      : r.nextDouble(vesselClass.minDepth, vesselClass.maxDepth);
    this.course = r.nextDouble(360);
    long lifetime = switch (vesselClass) {
      case Torpedo -> 900_000;
      case Decoy -> r.nextLong(600_000, 1_200_000);
      default -> r.nextLong(1_800_000, 7_200_000);
    };
    this.diesAtMs = nowMs + lifetime;
    manoeuvre(nowMs, r);
  }

  double rangeM() {
    return Math.max(1, Math.hypot(east, north));
  }

  /** Bearing of the vessel from own ship, degrees true. */
  double bearing() {
    return OwnShip.bearing(east, north);
  }

  /** How fast the range shrinks, m/s (own ship lies stopped). */
  double closingSpeedMps() {
    double vEast = speed * Math.sin(Math.toRadians(course));
    double vNorth = speed * Math.cos(Math.toRadians(course));
    return -(east * vEast + north * vNorth) / rangeM();
  }

  boolean gone(long nowMs) {
    double range = rangeM();
    return nowMs >= diesAtMs || range > LEAVE_RANGE_M || (vesselClass == VesselClass.Torpedo && range < END_RANGE_M);
  }

  void advance(double seconds, long nowMs, SplittableRandom r) {
    if (nowMs >= nextManoeuvreMs) {
      manoeuvre(nowMs, r);
    }
    east += speed * seconds * Math.sin(Math.toRadians(course));
    north += speed * seconds * Math.cos(Math.toRadians(course));
  }

  private void manoeuvre(long nowMs, SplittableRandom r) {
    double towardsOwnShip = OwnShip.bearing(-east, -north);
    switch (vesselClass) {
      case Torpedo -> course = towardsOwnShip + r.nextDouble(-3, 3);
      case HostileSubmarine -> course = towardsOwnShip + r.nextDouble(-60, 60);
      case Decoy -> course = towardsOwnShip + r.nextDouble(-90, 90);
      default -> course = course + r.nextDouble(-40, 40);
    }
    course = ((course % 360) + 360) % 360;
    if (vesselClass == VesselClass.Biologic && !surfaced) {
      depth = r.nextDouble() < 0.15 ? r.nextDouble(0, 4) : r.nextDouble(5, vesselClass.maxDepth);
    }
    nextManoeuvreMs = nowMs + (vesselClass == VesselClass.Torpedo ? 2_000 : r.nextLong(60_000, 300_000));
  }

  GroundTruth truth(Anomaly anomaly) {
    double range = rangeM();
    double closing = closingSpeedMps();
    Long timeToThreat = closing > GroundTruth.MIN_CLOSING_MPS ? (long) (range / closing * 1000) : null;
    return new GroundTruth(id, vesselClass, OwnShip.lat(north), OwnShip.lon(east), course, speed, depth, range,
      bearing(), closing, timeToThreat, GroundTruth.doctrine(vesselClass, range, closing), anomaly);
  }
}
