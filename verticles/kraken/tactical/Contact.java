package kraken.tactical;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import kraken.bus.ContactSummary;
import kraken.bus.ContactTrack;
import kraken.bus.ContactUpdate;
import kraken.bus.OperatorAction;
import kraken.bus.OperatorClassification;
import kraken.bus.Observation;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;

import kraken.tactical.picture.LocalPlane;
import kraken.tactical.picture.Track;
import kraken.tactical.picture.TrackSettings;

import java.io.IOException;
import java.util.Comparator;
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
  /** Indexed attributes read through {@link #getLastSeenAt()} and {@link #getUpdatedAt()}. */
  public static final String LAST_SEEN_ATTRIBUTE = "lastSeenAt";
  public static final String UPDATED_ATTRIBUTE = "updatedAt";

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
  private OperatorClassification operatorClassification;
  private OperatorAction operatorAction;
  private SeenReadings seen = new SeenReadings();
  /** Each member track's latest assessment; the contact shows the most dangerous. */
  private MemberAssessments members = new MemberAssessments();
  private Track track = new Track();
  /** The track as last shown (computed at each fold, so reading a contact needs no settings). */
  private ContactTrack trackView;
  /** From the track when it has a position; else the assessment's. */
  private Long trackTimeToThreatMs;

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
   * Folds in the update's readings that this contact does not hold yet (by reading key, within the window). Per
   * member track the newest reading (sensor time) decides its assessment, so a late update does not overwrite a newer
   * one; at equal times the more dangerous one wins, then the greater reading id, so arrival order does not matter.
   * The contact shows the most dangerous member track's assessment ({@link MemberAssessments}).
   */
  Outcome fold(ContactUpdate update, long now, DuplicateWindow window) {
    return fold(update, now, window, TrackSettings.DEFAULTS);
  }

  /** As above; the readings' geometry also moves the contact's track. */
  Outcome fold(ContactUpdate update, long now, DuplicateWindow window, TrackSettings settings) {
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
      lastReadingId = update.lastReadingId();
    }
    members.offer(MemberAssessments.trackOf(update.sensorIds()), a, update.lastReadingAt(), update.lastReadingId());
    sensorIds = first ? update.sensorIds() : union(sensorIds, update.sensorIds());
    sensorKinds = first ? update.sensorKinds() : union(sensorKinds, update.sensorKinds());
    firstSeenAt = first ? update.firstReadingAt() : Math.min(firstSeenAt, update.firstReadingAt());
    lastSeenAt = first ? update.lastReadingAt() : Math.max(lastSeenAt, update.lastReadingAt());
    readingCount += admitted.freshCount();
    updatedAt = now;
    show(members.shown(lastSeenAt, settings.memberWindowMs()), settings.memberWindowMs());
    if (!update.observations().isEmpty()) {
      track(update, settings);
    }
    return new Outcome(admitted.freshCount(), duplicates, admitted.evictedKeys());
  }

  /**
   * Shows the deciding member track's assessment. With more than one member track the evidence starts by naming the
   * track that drove it, so an operator sees why a fused contact is as dangerous as it is.
   */
  private void show(MemberAssessments.Member decider, long memberWindowMs) {
    ThreatAssessment a = decider.assessment();
    threatLevel = a.threatLevel();
    confidence = a.confidence();
    uncertainty = a.uncertainty();
    recommendedAction = a.recommendedAction();
    timeToThreatMs = a.timeToThreatMs();
    models = a.models();
    degraded = a.degraded();
    degradedReason = a.degradedReason();
    if (members.size() == 1) {
      evidence = a.evidence();
      return;
    }
    List<String> shown = new ArrayList<>(a.evidence().size() + 1);
    shown.add(String.format(java.util.Locale.ROOT, "threat from track %s (%s, confidence %.2f), the most dangerous "
        + "of %d member tracks assessed within %d s", decider.track(), a.threatLevel(), a.confidence(),
      members.counting(lastSeenAt, memberWindowMs), memberWindowMs / 1000));
    shown.addAll(a.evidence());
    evidence = List.copyOf(shown);
  }

  /** An operator's classification, the latest kept: it is the crew's word, it does not change the assessment. */
  void classify(OperatorClassification classification) {
    operatorClassification = classification;
    updatedAt = classification.at();
  }

  /** An operator's combat action, the latest kept. */
  void act(OperatorAction action) {
    operatorAction = action;
    updatedAt = action.at();
  }

  /** Moves the track with the update's observations, in time order, and refreshes what the picture shows of it. */
  private void track(ContactUpdate update, TrackSettings settings) {
    LocalPlane plane = settings.plane();
    update.observations().stream().sorted(Comparator.comparingLong(Observation::at))
      .forEach(o -> track.update(o, plane, settings.historySize()));
    Track.Kinematics k = track.kinematics(plane);
    if (k == null) {
      return;
    }
    List<ContactTrack.Point> points = new ArrayList<>();
    io.vertx.core.json.JsonArray history = track.historyJson();
    for (int i = 0; i < history.size(); i++) {
      io.vertx.core.json.JsonObject p = history.getJsonObject(i);
      points.add(new ContactTrack.Point(p.getLong("at"), p.getDouble("lat"), p.getDouble("lon"), p.getDouble("bearing")));
    }
    trackView = new ContactTrack(k.lat(), k.lon(), k.bearing(), k.rangeM(), k.course(), k.speedMps(),
      k.cpa() == null ? null : k.cpa().rangeM(), k.cpa() == null ? null : k.cpa().atMs(), points);
    trackTimeToThreatMs = k.lat() == null ? null : k.cpa() == null ? Long.valueOf(-1)
      : Long.valueOf(Math.max(0, k.cpa().atMs() - track.positionAt()));
  }

  /** The track as the picture shows it; null before the first bearing or position (the bbox filter reads it). */
  public kraken.bus.ContactTrack trackView() {
    return trackView;
  }

  /** The contact's track (association gates new sensor tracks against it). */
  public Track track() {
    return track;
  }

  /** The instruments (sensorId before ':') whose tracks this contact holds: a contact holds one track of each. */
  public java.util.Set<String> instruments() {
    java.util.Set<String> set = new java.util.HashSet<>();
    if (sensorIds != null) {
      sensorIds.forEach(id -> set.add(instrumentOf(id)));
    }
    return set;
  }

  public static String instrumentOf(String sensorId) {
    int colon = sensorId.indexOf(':');
    return colon < 0 ? sensorId : sensorId.substring(0, colon);
  }

  public String getContactId() {
    return contactId;
  }

  /** Sensor time of the newest reading; indexed, so association finds recent contacts without a scan. */
  public long getLastSeenAt() {
    return lastSeenAt;
  }

  /** Picture time of the last change; indexed, so the age-out sweep finds stale contacts without a scan. */
  public long getUpdatedAt() {
    return updatedAt;
  }

  /** For the grid's index and predicates (Hazelcast reads attributes through getters). */
  public ThreatLevel getThreatLevel() {
    return threatLevel;
  }

  long lastSeenAt() {
    return lastSeenAt;
  }

  RecommendedAction recommendedAction() {
    return recommendedAction;
  }

  boolean seenBy(String sensorKind) {
    return sensorKinds != null && sensorKinds.contains(sensorKind);
  }

  boolean isEmpty() {
    return readingCount == 0;
  }

  ContactSummary summary() {
    Long shownTimeToThreat = trackTimeToThreatMs == null ? timeToThreatMs
      : trackTimeToThreatMs < 0 ? null : trackTimeToThreatMs;
    return new ContactSummary(contactId, threatLevel, confidence, uncertainty, recommendedAction, shownTimeToThreat,
      evidence, models, degraded, degradedReason, sensorIds, sensorKinds, readingCount, lastReadingId, firstSeenAt,
      lastSeenAt, updatedAt, operatorClassification, operatorAction, trackView);
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
    out.writeLong(timeToThreatMs == null ? -1 : timeToThreatMs);
    out.writeLong(trackTimeToThreatMs == null ? Long.MIN_VALUE : trackTimeToThreatMs);
    seen.writeTo(out);
    track.writeTo(out);
    members.writeTo(out);
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
    operatorClassification = s.operatorClassification();
    operatorAction = s.operatorAction();
    trackView = s.track();
    long ttt = in.readLong();
    timeToThreatMs = ttt < 0 ? null : ttt;
    long trackTtt = in.readLong();
    trackTimeToThreatMs = trackTtt == Long.MIN_VALUE ? null : trackTtt;
    seen = SeenReadings.readFrom(in);
    track = Track.readFrom(in);
    members = MemberAssessments.readFrom(in);
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
    writeOperatorClassification(out, s.operatorClassification());
    writeOperatorAction(out, s.operatorAction());
    writeTrack(out, s.track());
  }

  private static void writeTrack(ObjectDataOutput out, ContactTrack t) throws IOException {
    out.writeBoolean(t != null);
    if (t == null) {
      return;
    }
    writeNullable(out, t.lat());
    writeNullable(out, t.lon());
    writeNullable(out, t.bearing());
    writeNullable(out, t.rangeM());
    writeNullable(out, t.course());
    writeNullable(out, t.speedMps());
    writeNullable(out, t.cpaRangeM());
    out.writeLong(t.cpaAtMs() == null ? Long.MIN_VALUE : t.cpaAtMs());
    out.writeInt(t.history().size());
    for (ContactTrack.Point p : t.history()) {
      out.writeLong(p.at());
      writeNullable(out, p.lat());
      writeNullable(out, p.lon());
      writeNullable(out, p.bearing());
    }
  }

  private static ContactTrack readTrack(ObjectDataInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    Double lat = readNullable(in);
    Double lon = readNullable(in);
    Double bearing = readNullable(in);
    Double range = readNullable(in);
    Double course = readNullable(in);
    Double speed = readNullable(in);
    Double cpaRange = readNullable(in);
    long cpaAt = in.readLong();
    int n = in.readInt();
    List<ContactTrack.Point> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      points.add(new ContactTrack.Point(in.readLong(), readNullable(in), readNullable(in), readNullable(in)));
    }
    return new ContactTrack(lat, lon, bearing, range, course, speed, cpaRange, cpaAt == Long.MIN_VALUE ? null : cpaAt,
      points);
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
    long readingCount = in.readLong();
    String lastReadingId = in.readString();
    long firstSeenAt = in.readLong();
    long lastSeenAt = in.readLong();
    long updatedAt = in.readLong();
    return new ContactSummary(contactId, level, confidence, uncertainty, action, ttt < 0 ? null : ttt, evidence,
      models, degraded, degradedReason, sensorIds, sensorKinds, readingCount, lastReadingId, firstSeenAt, lastSeenAt,
      updatedAt, readOperatorClassification(in), readOperatorAction(in), readTrack(in));
  }

  /** A presence flag, then the fields: most contacts have none. */
  private static void writeOperatorClassification(ObjectDataOutput out, OperatorClassification c) throws IOException {
    out.writeBoolean(c != null);
    if (c != null) {
      out.writeString(c.vesselClass());
      out.writeString(c.operator());
      out.writeString(c.reason());
      out.writeLong(c.at());
    }
  }

  private static OperatorClassification readOperatorClassification(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? new OperatorClassification(in.readString(), in.readString(), in.readString(),
      in.readLong()) : null;
  }

  private static void writeOperatorAction(ObjectDataOutput out, OperatorAction a) throws IOException {
    out.writeBoolean(a != null);
    if (a != null) {
      out.writeByte(a.action().ordinal());
      out.writeString(a.operator());
      out.writeString(a.reason());
      out.writeLong(a.at());
    }
  }

  private static OperatorAction readOperatorAction(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? new OperatorAction(RecommendedAction.values()[in.readByte()], in.readString(),
      in.readString(), in.readLong()) : null;
  }

  /** An assessment in binary: the fold's input and each member track's latest share this form. */
  static void writeAssessment(ObjectDataOutput out, ThreatAssessment a) throws IOException {
    out.writeString(a.contactId());
    out.writeByte(a.threatLevel().ordinal());
    out.writeDouble(a.confidence());
    writeUncertainty(out, a.uncertainty());
    out.writeByte(a.recommendedAction().ordinal());
    out.writeLong(a.timeToThreatMs() == null ? -1 : a.timeToThreatMs());
    writeStrings(out, a.evidence());
    writeStrings(out, a.models());
    out.writeBoolean(a.degraded());
    out.writeString(a.degradedReason());
    out.writeLong(a.assessedAt());
  }

  static ThreatAssessment readAssessment(ObjectDataInput in) throws IOException {
    String contactId = in.readString();
    ThreatLevel level = ThreatLevel.values()[in.readByte()];
    double confidence = in.readDouble();
    Double uncertainty = readUncertainty(in);
    RecommendedAction action = RecommendedAction.values()[in.readByte()];
    long ttt = in.readLong();
    List<String> evidence = readStrings(in);
    List<String> models = readStrings(in);
    boolean degraded = in.readBoolean();
    return new ThreatAssessment(contactId, level, confidence, uncertainty, action, ttt < 0 ? null : ttt, evidence,
      models, degraded, in.readString(), in.readLong());
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
