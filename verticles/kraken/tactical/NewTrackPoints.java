package kraken.tactical;

import kraken.bus.ContactSummary;
import kraken.bus.ContactTrack;
import kraken.bus.ContactUpdate;
import kraken.bus.Observation;
import kraken.storage.TrackPointRow;
import kraken.tactical.picture.LocalPlane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The track points a fold brought in, as rows for PostgreSQL: the points of each changed contact's (bounded) history
 * at or after the earliest observation its updates carried. A point seen again (a history point an earlier batch
 * already wrote) is the same row by its natural key, so choosing generously costs nothing but a conflict.
 */
final class NewTrackPoints {

  private NewTrackPoints() {
  }

  static List<TrackPointRow> of(List<ContactUpdate> updates, List<ContactSummary> changed, LocalPlane plane) {
    Map<String, Long> earliestObservation = new HashMap<>();
    for (ContactUpdate update : updates) {
      for (Observation o : update.observations()) {
        earliestObservation.merge(update.contactId(), o.at(), Math::min);
      }
    }
    List<TrackPointRow> rows = new ArrayList<>();
    for (ContactSummary contact : changed) {
      Long from = earliestObservation.get(contact.contactId());
      ContactTrack track = contact.track();
      if (from == null || track == null) {
        continue;
      }
      for (ContactTrack.Point p : track.history()) {
        if (p.at() >= from) {
          rows.add(row(contact.contactId(), p, track, plane));
        }
      }
    }
    return rows;
  }

  /** A position point's bearing and range are its own from own ship; a bearing-only point has no range. */
  private static TrackPointRow row(String contactId, ContactTrack.Point p, ContactTrack track, LocalPlane plane) {
    if (p.lat() == null) {
      return new TrackPointRow(contactId, p.at(), null, null, p.bearing(), track.course(), track.speedMps(), null);
    }
    double east = plane.east(p.lon());
    double north = plane.north(p.lat());
    return new TrackPointRow(contactId, p.at(), p.lat(), p.lon(), LocalPlane.bearing(east, north), track.course(),
      track.speedMps(), Math.hypot(east, north));
  }
}
