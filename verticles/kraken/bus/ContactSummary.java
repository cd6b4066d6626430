package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A contact as the tactical picture shows it: the latest assessment, which sensors have seen it, how many
 * readings, and when it was first and last seen (sensor time, epoch ms) and last updated (picture time).
 */
public record ContactSummary(String contactId, ThreatLevel threatLevel, double confidence,
                             RecommendedAction recommendedAction, Long timeToThreatMs, List<String> evidence,
                             String modelVersion, List<String> sensorIds, List<String> sensorKinds, long readingCount,
                             String lastReadingId, long firstSeenAt, long lastSeenAt, long updatedAt) {

  public ContactSummary {
    evidence = List.copyOf(evidence);
    sensorIds = List.copyOf(sensorIds);
    sensorKinds = List.copyOf(sensorKinds);
  }

  /** The contact as first seen in {@code update}. */
  public static ContactSummary first(ContactUpdate update, long now) {
    ThreatAssessment a = update.assessment();
    return new ContactSummary(a.contactId(), a.threatLevel(), a.confidence(), a.recommendedAction(),
      a.timeToThreatMs(), a.evidence(), a.modelVersion(), update.sensorIds(), update.sensorKinds(),
      update.readingCount(), update.lastReadingId(), update.firstReadingAt(), update.lastReadingAt(), now);
  }

  /**
   * Whether {@code update} is one this contact already holds: the same newest reading at the same time, which is
   * what a sender's retry of a request produces. (Per-reading idempotency arrives with the ingestion issue.)
   */
  public boolean alreadyHolds(ContactUpdate update) {
    return update.lastReadingId().equals(lastReadingId) && update.lastReadingAt() == lastSeenAt;
  }

  /**
   * This contact with {@code update} folded in. The newest reading (by sensor time) decides the assessment,
   * so an update that arrives late does not overwrite a newer picture.
   */
  public ContactSummary merge(ContactUpdate update, long now) {
    boolean newer = update.lastReadingAt() >= lastSeenAt;
    ThreatAssessment a = update.assessment();
    return new ContactSummary(contactId,
      newer ? a.threatLevel() : threatLevel, newer ? a.confidence() : confidence,
      newer ? a.recommendedAction() : recommendedAction, newer ? a.timeToThreatMs() : timeToThreatMs,
      newer ? a.evidence() : evidence, newer ? a.modelVersion() : modelVersion,
      union(sensorIds, update.sensorIds()), union(sensorKinds, update.sensorKinds()),
      readingCount + update.readingCount(), newer ? update.lastReadingId() : lastReadingId,
      Math.min(firstSeenAt, update.firstReadingAt()), Math.max(lastSeenAt, update.lastReadingAt()), now);
  }

  private static List<String> union(List<String> a, List<String> b) {
    LinkedHashSet<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }

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
      json.getLong("lastSeenAt"), json.getLong("updatedAt"));
  }
}
