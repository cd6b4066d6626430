package kraken.tactical;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.bus.Observation;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A contact as the picture stores it: what {@link ContactSummary} shows, plus the keys of the readings folded in
 * recently ({@link SeenReadings}), which make folding idempotent per reading. Stored as an object in the grid
 * (in-memory format OBJECT), so a fold changes it in place; it crosses the wire in a compact binary form only for
 * backups and migration.
 */
public final class Contact implements IdentifiedDataSerializable {

  /** The attribute the grid indexes ({@link kraken.grid.GridMap#CONTACTS}), read through {@link #getThreatLevel()}. */
  public static final String THREAT_LEVEL_ATTRIBUTE = "threatLevel";

  private String contactId;
  private ThreatLevel threatLevel;
  private double confidence;
  private Double uncertainty;
  private RecommendedAction recommendedAction;
  private Long timeToThreatMs;
  private List<String> evidence;
  private List<String> models;
  private boolean degraded;
  private String degradedReason;
  private List<String> sensorIds;
  private List<String> sensorKinds;
  private long readingCount;
  private String lastReadingId;
  private long firstSeenAt;
  private long lastSeenAt;
  private long updatedAt;
  private SeenReadings seen = new SeenReadings();

  /** For deserialization. */
  Contact() {
  }

  /** A contact not seen before; its first update is folded in next. */
  static Contact named(String contactId) {
    Contact contact = new Contact();
    contact.contactId = contactId;
    contact.readingCount = 0;
    return contact;
  }

  /** What one fold did: how many readings were new, how many already held, and what the window's cap evicted. */
  record Outcome(int fresh, int duplicates, int evicted) {
  }

  /**
   * Folds in the update's readings that this contact does not hold yet (by reading key, within the window). The
   * newest reading (sensor time) decides the assessment, so a late update does not overwrite a newer picture; at
   * equal times the more dangerous one wins, then the greater reading id, so arrival order does not matter.
   */
  Outcome fold(ContactUpdate update, long now, DuplicateWindow window) {
    SeenReadings.Admitted admitted = seen.admit(update.readingKeys(), update.receivedAt(), window.windowMs(),
      window.maxKeysPerContact());
    int duplicates = update.readingCount() - admitted.freshCount();
    if (admitted.freshCount() == 0) {
      return new Outcome(0, duplicates, admitted.evictedKeys());
    }
    ThreatAssessment a = update.assessment();
    boolean first = readingCount == 0;
    boolean newer = first || update.lastReadingAt() > lastSeenAt
      || (update.lastReadingAt() == lastSeenAt && (a.threatLevel().compareTo(threatLevel) > 0
      || (a.threatLevel() == threatLevel && update.lastReadingId().compareTo(lastReadingId) > 0)));
    if (newer) {
      threatLevel = a.threatLevel();
      confidence = a.confidence();
      uncertainty = a.uncertainty();
      recommendedAction = a.recommendedAction();
      timeToThreatMs = a.timeToThreatMs();
      evidence = a.evidence();
      models = a.models();
      degraded = a.degraded();
      degradedReason = a.degradedReason();
      lastReadingId = update.lastReadingId();
    }
    sensorIds = first ? update.sensorIds() : union(sensorIds, update.sensorIds());
    sensorKinds = first ? update.sensorKinds() : union(sensorKinds, update.sensorKinds());
    firstSeenAt = first ? update.firstReadingAt() : Math.min(firstSeenAt, update.firstReadingAt());
    lastSeenAt = first ? update.lastReadingAt() : Math.max(lastSeenAt, update.lastReadingAt());
    readingCount += admitted.freshCount();
    updatedAt = now;
    return new Outcome(admitted.freshCount(), duplicates, admitted.evictedKeys());
  }

  /** For the grid's index and predicates (Hazelcast reads attributes through getters). */
  public ThreatLevel getThreatLevel() {
    return threatLevel;
  }

  long lastSeenAt() {
    return lastSeenAt;
  }

  boolean seenBy(String sensorKind) {
    return sensorKinds != null && sensorKinds.contains(sensorKind);
  }

  boolean isEmpty() {
    return readingCount == 0;
  }

  ContactSummary summary() {
    return new ContactSummary(contactId, threatLevel, confidence, uncertainty, recommendedAction, timeToThreatMs,
      evidence, models, degraded, degradedReason, sensorIds, sensorKinds, readingCount, lastReadingId, firstSeenAt,
      lastSeenAt, updatedAt);
  }

  int heldReadingKeys() {
    return seen.size();
  }

  private static List<String> union(List<String> a, List<String> b) {
    if (a.containsAll(b)) {
      return a;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  @Override
  public int getFactoryId() {
    return TacticalGridTypes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return TacticalGridTypes.CONTACT;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    writeSummary(out, summary());
    seen.writeTo(out);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    ContactSummary s = readSummary(in);
    contactId = s.contactId();
    threatLevel = s.threatLevel();
    confidence = s.confidence();
    uncertainty = s.uncertainty();
    recommendedAction = s.recommendedAction();
    timeToThreatMs = s.timeToThreatMs();
    evidence = s.evidence();
    models = s.models();
    degraded = s.degraded();
    degradedReason = s.degradedReason();
    sensorIds = s.sensorIds();
    sensorKinds = s.sensorKinds();
    readingCount = s.readingCount();
    lastReadingId = s.lastReadingId();
    firstSeenAt = s.firstSeenAt();
    lastSeenAt = s.lastSeenAt();
    updatedAt = s.updatedAt();
    seen = SeenReadings.readFrom(in);
  }

  /** A summary in binary (the fold's answer to a remote caller, and the stored contact's visible part). */
  static void writeSummary(ObjectDataOutput out, ContactSummary s) throws IOException {
    out.writeString(s.contactId());
    out.writeByte(s.threatLevel().ordinal());
    out.writeDouble(s.confidence());
    writeUncertainty(out, s.uncertainty());
    out.writeByte(s.recommendedAction().ordinal());
    out.writeLong(s.timeToThreatMs() == null ? -1 : s.timeToThreatMs());
    writeStrings(out, s.evidence());
    writeStrings(out, s.models());
    out.writeBoolean(s.degraded());
    out.writeString(s.degradedReason());
    writeStrings(out, s.sensorIds());
    writeStrings(out, s.sensorKinds());
    out.writeLong(s.readingCount());
    out.writeString(s.lastReadingId());
    out.writeLong(s.firstSeenAt());
    out.writeLong(s.lastSeenAt());
    out.writeLong(s.updatedAt());
  }

  static ContactSummary readSummary(ObjectDataInput in) throws IOException {
    String contactId = in.readString();
    ThreatLevel level = ThreatLevel.values()[in.readByte()];
    double confidence = in.readDouble();
    Double uncertainty = readUncertainty(in);
    RecommendedAction action = RecommendedAction.values()[in.readByte()];
    long ttt = in.readLong();
    List<String> evidence = readStrings(in);
    List<String> models = readStrings(in);
    boolean degraded = in.readBoolean();
    String degradedReason = in.readString();
    List<String> sensorIds = readStrings(in);
    List<String> sensorKinds = readStrings(in);
    return new ContactSummary(contactId, level, confidence, uncertainty, action, ttt < 0 ? null : ttt, evidence,
      models, degraded, degradedReason, sensorIds, sensorKinds, in.readLong(), in.readString(), in.readLong(),
      in.readLong(), in.readLong());
  }

  /** An uncertainty in 0..1, or null (unknown) written as -1. */
  static void writeUncertainty(ObjectDataOutput out, Double uncertainty) throws IOException {
    out.writeDouble(uncertainty == null ? -1 : uncertainty);
  }

  static Double readUncertainty(ObjectDataInput in) throws IOException {
    double value = in.readDouble();
    return value < 0 ? null : value;
  }

  static void writeObservations(ObjectDataOutput out, List<Observation> observations) throws IOException {
    out.writeInt(observations.size());
    for (Observation o : observations) {
      out.writeLong(o.at());
      out.writeString(o.sensorId());
      out.writeString(o.sensorKind());
      writeNullable(out, o.bearing());
      writeNullable(out, o.rangeM());
      writeNullable(out, o.lat());
      writeNullable(out, o.lon());
    }
  }

  static List<Observation> readObservations(ObjectDataInput in) throws IOException {
    int count = in.readInt();
    List<Observation> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(new Observation(in.readLong(), in.readString(), in.readString(), readNullable(in), readNullable(in),
        readNullable(in), readNullable(in)));
    }
    return list;
  }

  /** A measurement that may be absent: NaN stands for null (no measurement is NaN). */
  static void writeNullable(ObjectDataOutput out, Double value) throws IOException {
    out.writeDouble(value == null ? Double.NaN : value);
  }

  static Double readNullable(ObjectDataInput in) throws IOException {
    double value = in.readDouble();
    return Double.isNaN(value) ? null : value;
  }

  static void writeStrings(ObjectDataOutput out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      out.writeString(s);
    }
  }

  static List<String> readStrings(ObjectDataInput in) throws IOException {
    int count = in.readInt();
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      strings.add(in.readString());
    }
    return List.copyOf(strings);
  }
}
