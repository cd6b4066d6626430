package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A contact as the tactical picture shows it: the latest assessment (see {@link ThreatAssessment} for its fields),
 * which sensors have seen it, how many readings, and when it was first and last seen (sensor time, epoch ms) and last
 * updated (picture time), the latest operator classification and combat action (null when none), and its track
 * ({@link ContactTrack}; null before any reading with geometry).
 */
public record ContactSummary(String contactId, ThreatLevel threatLevel, double confidence, Double uncertainty,
                             RecommendedAction recommendedAction, Long timeToThreatMs, List<String> evidence,
                             List<String> models, boolean degraded, String degradedReason, List<String> sensorIds,
                             List<String> sensorKinds, long readingCount, String lastReadingId, long firstSeenAt,
                             long lastSeenAt, long updatedAt, OperatorClassification operatorClassification,
                             OperatorAction operatorAction, ContactTrack track) {

  public ContactSummary {
    evidence = List.copyOf(evidence);
    models = List.copyOf(models);
    sensorIds = List.copyOf(sensorIds);
    sensorKinds = List.copyOf(sensorKinds);
  }


  /** What APIs and consoles see. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("contactId", contactId).put("threatLevel", threatLevel.name())
      .put("confidence", confidence).put("uncertainty", uncertainty).put("recommendedAction", recommendedAction.name())
      .put("timeToThreatMs", timeToThreatMs).put("evidence", new JsonArray(evidence))
      .put("models", new JsonArray(models)).put("degraded", degraded).put("degradedReason", degradedReason)
      .put("sensorIds", new JsonArray(sensorIds))
      .put("sensorKinds", new JsonArray(sensorKinds)).put("readingCount", readingCount)
      .put("lastReadingId", lastReadingId).put("firstSeenAt", firstSeenAt).put("lastSeenAt", lastSeenAt)
      .put("updatedAt", updatedAt)
      .put("operatorClassification", operatorClassification == null ? null : operatorClassification.toJson())
      .put("operatorAction", operatorAction == null ? null : operatorAction.toJson());
    return ContactTrack.addTo(json, track);
  }

  public static ContactSummary fromJson(JsonObject json) {
    return new ContactSummary(json.getString("contactId"), ThreatLevel.valueOf(json.getString("threatLevel")),
      json.getDouble("confidence"), json.getDouble("uncertainty"),
      RecommendedAction.valueOf(json.getString("recommendedAction")), json.getLong("timeToThreatMs"),
      Json.strings(json.getJsonArray("evidence")), Json.strings(json.getJsonArray("models")),
      json.getBoolean("degraded", false), json.getString("degradedReason"),
      Json.strings(json.getJsonArray("sensorIds")), Json.strings(json.getJsonArray("sensorKinds")),
      json.getLong("readingCount"), json.getString("lastReadingId"), json.getLong("firstSeenAt"),
      json.getLong("lastSeenAt"), json.getLong("updatedAt"),
      OperatorClassification.fromJson(json.getJsonObject("operatorClassification")),
      OperatorAction.fromJson(json.getJsonObject("operatorAction")), ContactTrack.from(json));
  }
}
