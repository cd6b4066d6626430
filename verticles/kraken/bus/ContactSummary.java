package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A contact as the tactical picture shows it: the latest assessment, which sensors have seen it, how many
 * readings, and when it was first and last seen (sensor time, epoch ms) and last updated (picture time).
 * It also remembers the fingerprints of the last {@link #REMEMBERED_UPDATES} updates folded into it, so that a
 * resent request changes nothing; those stay in storage and are not shown ({@link #toJson()}).
 */
public record ContactSummary(String contactId, ThreatLevel threatLevel, double confidence,
                             RecommendedAction recommendedAction, Long timeToThreatMs, List<String> evidence,
                             String modelVersion, List<String> sensorIds, List<String> sensorKinds, long readingCount,
                             String lastReadingId, long firstSeenAt, long lastSeenAt, long updatedAt,
                             List<String> recentUpdates) {

  public static final int REMEMBERED_UPDATES = 64;

  public ContactSummary {
    evidence = List.copyOf(evidence);
    sensorIds = List.copyOf(sensorIds);
    sensorKinds = List.copyOf(sensorKinds);
    recentUpdates = List.copyOf(recentUpdates);
  }

  /** The contact as first seen in {@code update}. */
  public static ContactSummary first(ContactUpdate update, long now) {
    ThreatAssessment a = update.assessment();
    return new ContactSummary(a.contactId(), a.threatLevel(), a.confidence(), a.recommendedAction(),
      a.timeToThreatMs(), a.evidence(), a.modelVersion(), update.sensorIds(), update.sensorKinds(),
      update.readingCount(), update.lastReadingId(), update.firstReadingAt(), update.lastReadingAt(), now,
      List.of(update.fingerprint()));
  }

  /**
   * Whether {@code update} (the same readings, as a resent request brings them) was folded in already, among the
   * last {@link #REMEMBERED_UPDATES}. Per-reading idempotency arrives with the ingestion issue.
   */
  public boolean alreadyHolds(ContactUpdate update) {
    return recentUpdates.contains(update.fingerprint());
  }

  /**
   * This contact with {@code update} folded in. The newest reading (by sensor time) decides the assessment, so
   * an update that arrives late does not overwrite a newer picture; at equal times the more dangerous one wins,
   * then the greater reading id, so the outcome does not depend on arrival order.
   */
  public ContactSummary merge(ContactUpdate update, long now) {
    ThreatLevel incoming = update.assessment().threatLevel();
    boolean newer = update.lastReadingAt() > lastSeenAt
      || (update.lastReadingAt() == lastSeenAt && (incoming.compareTo(threatLevel) > 0
      || (incoming == threatLevel && update.lastReadingId().compareTo(lastReadingId) > 0)));
    List<String> remembered = new ArrayList<>(recentUpdates);
    remembered.add(update.fingerprint());
    if (remembered.size() > REMEMBERED_UPDATES) {
      remembered = remembered.subList(remembered.size() - REMEMBERED_UPDATES, remembered.size());
    }
    ThreatAssessment a = update.assessment();
    return new ContactSummary(contactId,
      newer ? a.threatLevel() : threatLevel, newer ? a.confidence() : confidence,
      newer ? a.recommendedAction() : recommendedAction, newer ? a.timeToThreatMs() : timeToThreatMs,
      newer ? a.evidence() : evidence, newer ? a.modelVersion() : modelVersion,
      union(sensorIds, update.sensorIds()), union(sensorKinds, update.sensorKinds()),
      readingCount + update.readingCount(), newer ? update.lastReadingId() : lastReadingId,
      Math.min(firstSeenAt, update.firstReadingAt()), Math.max(lastSeenAt, update.lastReadingAt()), now,
      remembered);
  }

  private static List<String> union(List<String> a, List<String> b) {
    LinkedHashSet<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }

  /** What is stored in the grid: {@link #toJson()} plus the remembered update fingerprints. */
  public JsonObject toStoredJson() {
    // one space-separated string rather than an array: a single JSON token to parse on every fold
    return toJson().put("recentUpdates", String.join(" ", recentUpdates));
  }

  /** What APIs and consoles see. */
  public JsonObject toJson() {
    return new JsonObject().put("contactId", contactId).put("threatLevel", threatLevel.name())
      .put("confidence", confidence).put("recommendedAction", recommendedAction.name())
      .put("timeToThreatMs", timeToThreatMs).put("evidence", new JsonArray(evidence))
      .put("modelVersion", modelVersion).put("sensorIds", new JsonArray(sensorIds))
      .put("sensorKinds", new JsonArray(sensorKinds)).put("readingCount", readingCount)
      .put("lastReadingId", lastReadingId).put("firstSeenAt", firstSeenAt).put("lastSeenAt", lastSeenAt)
      .put("updatedAt", updatedAt);
  }

  public static ContactSummary fromJson(JsonObject json) {
    return new ContactSummary(json.getString("contactId"), ThreatLevel.valueOf(json.getString("threatLevel")),
      json.getDouble("confidence"), RecommendedAction.valueOf(json.getString("recommendedAction")),
      json.getLong("timeToThreatMs"), Json.strings(json.getJsonArray("evidence")), json.getString("modelVersion"),
      Json.strings(json.getJsonArray("sensorIds")), Json.strings(json.getJsonArray("sensorKinds")),
      json.getLong("readingCount"), json.getString("lastReadingId"), json.getLong("firstSeenAt"),
      json.getLong("lastSeenAt"), json.getLong("updatedAt"), recentUpdates(json.getString("recentUpdates")));
  }

  private static List<String> recentUpdates(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(" "));
  }
}
