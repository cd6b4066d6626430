package kraken.tactical;

/**
 * A box of longitudes and latitudes in degrees, written {@code minLon,minLat,maxLon,maxLat} (the GeoJSON and OGC
 * order), edges inclusive. A box that crosses the antimeridian (minLon > maxLon) is refused rather than guessed:
 * ask for two boxes. The one parser for REST's {@code bbox} query parameter and GraphQL's {@code bbox} argument.
 */
public record BoundingBox(double minLon, double minLat, double maxLon, double maxLat) {

  /** What a valid value looks like, for refusals. */
  public static final String ALLOWED = "four numbers minLon,minLat,maxLon,maxLat: longitudes -180 to 180, latitudes "
    + "-90 to 90, minLon <= maxLon, minLat <= maxLat";

  /** The box, or an IllegalArgumentException whose message says what was wrong (without the parameter's name). */
  public static BoundingBox parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + text + "' has " + parts.length + " parts; expected " + ALLOWED);
    }
    String[] names = {"minLon", "minLat", "maxLon", "maxLat"};
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(names[i] + " '" + parts[i] + "' is not a number; expected " + ALLOWED);
      }
      double limit = i % 2 == 0 ? 180 : 90;
      if (!Double.isFinite(v[i]) || Math.abs(v[i]) > limit) {
        throw new IllegalArgumentException(names[i] + " " + parts[i].trim() + " is outside -" + (int) limit + " to "
          + (int) limit + "; expected " + ALLOWED);
      }
    }
    if (v[0] > v[2]) {
      throw new IllegalArgumentException("minLon " + v[0] + " is greater than maxLon " + v[2] + " (a box across the "
        + "antimeridian is not supported: ask for two); expected " + ALLOWED);
    }
    if (v[1] > v[3]) {
      throw new IllegalArgumentException("minLat " + v[1] + " is greater than maxLat " + v[3] + "; expected " + ALLOWED);
    }
    return new BoundingBox(v[0], v[1], v[2], v[3]);
  }

  public boolean contains(double lat, double lon) {
    return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
  }
}
