package kraken.tactical.picture;

/**
 * A flat east/north plane in metres around own ship (stationary), where tracks are filtered: at the ranges sensors
 * reach (under 50 km) the tangent plane is accurate to metres.
 */
public record LocalPlane(double ownLat, double ownLon) {

  static final double METRES_PER_DEGREE_LAT = 111_320;

  double metresPerDegreeLon() {
    return METRES_PER_DEGREE_LAT * Math.cos(Math.toRadians(ownLat));
  }

  public double east(double lon) {
    return (lon - ownLon) * metresPerDegreeLon();
  }

  public double north(double lat) {
    return (lat - ownLat) * METRES_PER_DEGREE_LAT;
  }

  public double lat(double north) {
    return ownLat + north / METRES_PER_DEGREE_LAT;
  }

  public double lon(double east) {
    return ownLon + east / metresPerDegreeLon();
  }

  /** Bearing in degrees true [0, 360) of a point of the plane. */
  public static double bearing(double east, double north) {
    return wrap(Math.toDegrees(Math.atan2(east, north)));
  }

  public static double wrap(double degrees) {
    double wrapped = ((degrees % 360) + 360) % 360;
    return wrapped >= 360 ? 0 : wrapped;
  }

  /** The signed smallest difference a - b in degrees, in (-180, 180]. */
  public static double difference(double a, double b) {
    double d = wrap(a - b);
    return d > 180 ? d - 360 : d;
  }
}
