package kraken.simulation;

/**
 * Where own ship is: every range and bearing of the simulated ocean is measured from here, and inference may use it
 * to judge positions. The ocean is flat around it (a local tangent plane is accurate to metres at these ranges).
 */
public final class OwnShip {

  public static final double LAT = 59.5;
  public static final double LON = 10.6;
  static final double METRES_PER_DEGREE_LAT = 111_320;
  static final double METRES_PER_DEGREE_LON = METRES_PER_DEGREE_LAT * Math.cos(Math.toRadians(LAT));

  private OwnShip() {
  }

  static double lat(double northM) {
    return LAT + northM / METRES_PER_DEGREE_LAT;
  }

  static double lon(double eastM) {
    return LON + eastM / METRES_PER_DEGREE_LON;
  }

  /** Distance in metres from own ship to a position. */
  public static double rangeM(double lat, double lon) {
    double north = (lat - LAT) * METRES_PER_DEGREE_LAT;
    double east = (lon - LON) * METRES_PER_DEGREE_LON;
    return Math.hypot(north, east);
  }

  /** Bearing in degrees true, 0 (inclusive) to 360 (exclusive), of a point east and north of own ship. */
  static double bearing(double eastM, double northM) {
    double degrees = Math.toDegrees(Math.atan2(eastM, northM));
    degrees = degrees < 0 ? degrees + 360 : degrees;
    return degrees >= 360 ? 0 : degrees;
  }
}
