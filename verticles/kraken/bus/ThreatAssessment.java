package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What inference concluded about a contact: a level, how sure it is (0 to 1), what to do, how long until the
 * contact can threaten us (null when it cannot be estimated), the evidence, and which model said so.
 */
public record ThreatAssessment(String contactId, ThreatLevel threatLevel, double confidence,
                               RecommendedAction recommendedAction, Long timeToThreatMs, List<String> evidence,
                               String modelVersion, long assessedAt) {

  public ThreatAssessment {
    if (confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("confidence " + confidence + " is outside 0..1");
    }
    evidence = List.copyOf(evidence);
  }

  public JsonObject toJson() {
    return new JsonObject().put("contactId", contactId).put("threatLevel", threatLevel.name())
      .put("confidence", confidence).put("recommendedAction", recommendedAction.name())
      .put("timeToThreatMs", timeToThreatMs).put("evidence", new JsonArray(evidence))
      .put("modelVersion", modelVersion).put("assessedAt", assessedAt);
  }

  public static ThreatAssessment fromJson(JsonObject json) {
    return new ThreatAssessment(json.getString("contactId"), ThreatLevel.valueOf(json.getString("threatLevel")),
      json.getDouble("confidence"), RecommendedAction.valueOf(json.getString("recommendedAction")),
      json.getLong("timeToThreatMs"), Json.strings(json.getJsonArray("evidence")), json.getString("modelVersion"),
      json.getLong("assessedAt"));
  }
}
