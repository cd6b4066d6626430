package kraken.tactical.picture;

import io.vertx.core.json.JsonObject;
import kraken.config.Settings;

/** What a contact's fold needs to track: own ship's position (the plane's origin) and the history bound. */
public record TrackSettings(double ownLat, double ownLon, int historySize) {

  public static final TrackSettings DEFAULTS = new TrackSettings(Settings.TACTICAL_OWN_SHIP_LAT.defaultValue(),
    Settings.TACTICAL_OWN_SHIP_LON.defaultValue(), Settings.TRACK_HISTORY_SIZE.defaultValue());

  public static TrackSettings from(JsonObject config) {
    return new TrackSettings(Settings.TACTICAL_OWN_SHIP_LAT.from(config), Settings.TACTICAL_OWN_SHIP_LON.from(config),
      Settings.TRACK_HISTORY_SIZE.from(config));
  }

  public LocalPlane plane() {
    return new LocalPlane(ownLat, ownLon);
  }
}
