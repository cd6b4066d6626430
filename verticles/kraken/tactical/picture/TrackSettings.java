package kraken.tactical.picture;

import io.vertx.core.json.JsonObject;
import kraken.config.Settings;

/**
 * What a contact's fold needs to track: own ship's position (the plane's origin), the history bound, and how long
 * (sensor time) a member track's assessment counts towards the contact's threat ({@code tactical.association.windowMs},
 * the same window association gates in).
 */
public record TrackSettings(double ownLat, double ownLon, int historySize, long memberWindowMs) {

  public static final TrackSettings DEFAULTS = new TrackSettings(Settings.TACTICAL_OWN_SHIP_LAT.defaultValue(),
    Settings.TACTICAL_OWN_SHIP_LON.defaultValue(), Settings.TRACK_HISTORY_SIZE.defaultValue());

  /** With the default member window. */
  public TrackSettings(double ownLat, double ownLon, int historySize) {
    this(ownLat, ownLon, historySize, Settings.ASSOCIATION_WINDOW_MS.defaultValue());
  }

  public static TrackSettings from(JsonObject config) {
    return new TrackSettings(Settings.TACTICAL_OWN_SHIP_LAT.from(config), Settings.TACTICAL_OWN_SHIP_LON.from(config),
      Settings.TRACK_HISTORY_SIZE.from(config), Settings.ASSOCIATION_WINDOW_MS.from(config));
  }

  public LocalPlane plane() {
    return new LocalPlane(ownLat, ownLon);
  }
}
