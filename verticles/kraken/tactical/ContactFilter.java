package kraken.tactical;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import kraken.bus.ContactSummary;
import kraken.bus.ThreatLevel;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Which contacts a list asks for, evaluated by each member on the contacts it owns (stored as objects, so nothing
 * is deserialized or parsed): threat levels (empty: any), a sensor kind (null: any) and a window on the last
 * time a sensor saw the contact (epoch ms, inclusive; -1: open), and a bounding box on the track's estimated position
 * (null: anywhere; when given, contacts without a position, such as bearing-only ones, do not match).
 */
public final class ContactFilter implements Predicate<String, Contact>, IdentifiedDataSerializable {

  private int levels;
  private String sensorKind;
  private long since = -1;
  private long until = -1;
  private BoundingBox bbox;

  /** For deserialization. */
  ContactFilter() {
  }

  public ContactFilter(Set<ThreatLevel> levels, String sensorKind, Long since, Long until) {
    levels.forEach(level -> this.levels |= 1 << level.ordinal());
    this.sensorKind = sensorKind;
    this.since = since == null ? -1 : since;
    this.until = until == null ? -1 : until;
  }

  public ContactFilter(Set<ThreatLevel> levels, String sensorKind, Long since, Long until, BoundingBox bbox) {
    this(levels, sensorKind, since, until);
    this.bbox = bbox;
  }

  @Override
  public boolean apply(Map.Entry<String, Contact> entry) {
    Contact contact = entry.getValue();
    if (contact == null || contact.isEmpty()) {
      return false;
    }
    return (levels == 0 || (levels & (1 << contact.getThreatLevel().ordinal())) != 0)
      && (since < 0 || contact.lastSeenAt() >= since)
      && (until < 0 || contact.lastSeenAt() <= until)
      && (sensorKind == null || contact.seenBy(sensorKind))
      && (bbox == null || inBox(contact));
  }

  /**
   * The same test on a contact's summary, for lists served from a view of the picture
   * ({@link kraken.tactical.api.PictureView}) rather than from the grid; kept beside {@link #apply} so both change
   * together.
   */
  public boolean matches(ContactSummary contact) {
    if (contact.readingCount() == 0) {
      return false;
    }
    return (levels == 0 || (levels & (1 << contact.threatLevel().ordinal())) != 0)
      && (since < 0 || contact.lastSeenAt() >= since)
      && (until < 0 || contact.lastSeenAt() <= until)
      && (sensorKind == null || contact.sensorKinds().contains(sensorKind))
      && (bbox == null || (contact.track() != null && contact.track().lat() != null && contact.track().lon() != null
      && bbox.contains(contact.track().lat(), contact.track().lon())));
  }

  /** True when the filter lets every non-empty contact through (so a list needs no test per contact). */
  public boolean matchesEveryContact() {
    return levels == 0 && sensorKind == null && since < 0 && until < 0 && bbox == null;
  }

  private boolean inBox(Contact contact) {
    kraken.bus.ContactTrack track = contact.trackView();
    return track != null && track.lat() != null && track.lon() != null && bbox.contains(track.lat(), track.lon());
  }

  @Override
  public int getFactoryId() {
    return TacticalGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return TacticalGridTypes.CONTACT_FILTER;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(levels);
    out.writeString(sensorKind);
    out.writeLong(since);
    out.writeLong(until);
    out.writeBoolean(bbox != null);
    if (bbox != null) {
      out.writeDouble(bbox.minLon());
      out.writeDouble(bbox.minLat());
      out.writeDouble(bbox.maxLon());
      out.writeDouble(bbox.maxLat());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    levels = in.readInt();
    sensorKind = in.readString();
    since = in.readLong();
    until = in.readLong();
    bbox = in.readBoolean() ? new BoundingBox(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()) : null;
  }
}
