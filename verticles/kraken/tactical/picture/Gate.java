package kraken.tactical.picture;

import kraken.bus.Observation;

/**
 * How well each sensor kind measures, and the gates association uses. The sigmas are those of the simulator's
 * sensors (see the README's association section); a measurement is in a contact's gate when its normalised squared
 * distance to the contact's predicted state is within the 99 % point of chi-square: 9.21 for a position (2 degrees
 * of freedom), 6.63 for a bearing (1 degree of freedom).
 */
public final class Gate {

  public static final double POSITION_GATE = 9.21;
  public static final double BEARING_GATE = 6.63;
  /** Active-sonar range sigma (metres): echo timing plus sound-speed error. */
  static final double ECHO_RANGE_SIGMA_M = 25;

  private Gate() {
  }

  /** Bearing sigma in degrees of a kind that measures bearings. */
  static double bearingSigmaDeg(String kind) {
    return switch (kind) {
      case "SonarPassive" -> 0.5;
      case "SonarActive" -> 1;
      case "CommsIntercept" -> 3;
      default -> 1;
    };
  }

  /** Position sigma in metres (per axis) of a kind that measures positions. */
  static double positionSigmaM(String kind) {
    return switch (kind) {
      case "SatelliteOptical" -> 50;
      case "SatelliteSignals" -> 300;
      default -> 100;
    };
  }

  /**
   * The observation as a point of the plane with its sigma (per axis), or null if it gives no position: a
   * satellite's lat/lon, or an echo's bearing and range (cross-range error grows with range).
   */
  static Point point(Observation o, LocalPlane plane) {
    if (o.hasPosition()) {
      return new Point(plane.east(o.lon()), plane.north(o.lat()), positionSigmaM(o.sensorKind()));
    }
    if (o.hasBearing() && o.rangeM() != null) {
      double b = Math.toRadians(o.bearing());
      double crossRange = o.rangeM() * Math.toRadians(bearingSigmaDeg(o.sensorKind()));
      return new Point(o.rangeM() * Math.sin(b), o.rangeM() * Math.cos(b), Math.hypot(ECHO_RANGE_SIGMA_M, crossRange));
    }
    return null;
  }

  /** The observation's bearing and its sigma (degrees); a position's bearing has sigma atan(sigma / range). */
  static Bearing bearing(Observation o, LocalPlane plane) {
    Point p = point(o, plane);
    if (p != null) {
      return p.bearing();
    }
    return o.hasBearing() ? new Bearing(o.bearing(), bearingSigmaDeg(o.sensorKind())) : null;
  }

  /** Whether the observation can be associated at all (it measured a bearing or a position). */
  public static boolean associable(Observation o) {
    return o.hasPosition() || o.hasBearing();
  }

  /** A measured or estimated point with its sigma per axis, metres. */
  record Point(double east, double north, double sigma) {
    Bearing bearing() {
      double range = Math.max(1, Math.hypot(east, north));
      return new Bearing(LocalPlane.bearing(east, north), Math.toDegrees(Math.atan2(sigma, range)));
    }
  }

  /** A bearing with its sigma, degrees. */
  record Bearing(double degrees, double sigma) {
  }
}
