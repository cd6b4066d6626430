package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A contact's track as the picture shows it: position (lat/lon, null for a bearing-only track), bearing (degrees true)
 * and range (m) from own ship, course (degrees true) and speed (m/s), the closest point of approach (range, epoch ms;
 * null when opening or unknown), and the bounded history, oldest first.
 */
public record ContactTrack(Double lat, Double lon, Double bearing, Double rangeM, Double course, Double speedMps,
                           Double cpaRangeM, Long cpaAtMs, List<Point> history) {

  public ContactTrack {
    history = List.copyOf(history);
  }

  /** A point of history: a position (lat, lon) or a bearing; the other is null. */
  public record Point(long at, Double lat, Double lon, Double bearing) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("at", at);
      return bearing == null ? json.put("lat", lat).put("lon", lon) : json.put("bearing", bearing);
    }

    static Point fromJson(JsonObject json) {
      return new Point(json.getLong("at"), json.getDouble("lat"), json.getDouble("lon"), json.getDouble("bearing"));
    }
  }

  /** Adds the track's fields to a contact's JSON under the names consoles read; a null track writes nulls. */
  static JsonObject addTo(JsonObject contact, ContactTrack track) {
    if (track == null) {
      return contact.put("position", null).put("bearing", null).put("rangeM", null).put("course", null)
        .put("speedMps", null).put("cpa", null).put("history", new JsonArray());
    }
    return contact.put("position", track.lat == null ? null : new JsonObject().put("lat", track.lat).put("lon", track.lon))
      .put("bearing", track.bearing).put("rangeM", track.rangeM).put("course", track.course)
      .put("speedMps", track.speedMps)
      .put("cpa", track.cpaRangeM == null ? null : new JsonObject().put("rangeM", track.cpaRangeM).put("atMs", track.cpaAtMs))
      .put("history", new JsonArray(track.history.stream().map(Point::toJson).toList()));
  }

  /** The track in a contact's JSON, or null when it has none. */
  static ContactTrack from(JsonObject contact) {
    JsonArray history = contact.getJsonArray("history");
    if (contact.getDouble("bearing") == null && contact.getJsonObject("position") == null) {
      return null;
    }
    JsonObject position = contact.getJsonObject("position");
    JsonObject cpa = contact.getJsonObject("cpa");
    List<Point> points = new ArrayList<>();
    if (history != null) {
      for (int i = 0; i < history.size(); i++) {
        points.add(Point.fromJson(history.getJsonObject(i)));
      }
    }
    return new ContactTrack(position == null ? null : position.getDouble("lat"),
      position == null ? null : position.getDouble("lon"), contact.getDouble("bearing"), contact.getDouble("rangeM"),
      contact.getDouble("course"), contact.getDouble("speedMps"), cpa == null ? null : cpa.getDouble("rangeM"),
      cpa == null ? null : cpa.getLong("atMs"), points);
  }
}
