package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What inference concluded about a contact: a level, how sure it is ({@code confidence}, 0 to 1), how uncertain the
 * models were ({@code uncertainty}, 0 to 1, null when unknown: the rules do not measure it), what to do, how long
 * until the contact can threaten us (null when it cannot be estimated), the evidence, the versions of the models that
 * made it ({@code ["sonar-ab12cd", "fusion-34ef56"]} or {@code ["rules-1"]}), and whether it is a degraded answer
 * (the rules standing in for the models) with the reason ({@code no_model}, {@code model_failed}, {@code saturated},
 * {@code timeout}, {@code circuit_open}; null when not degraded).
 */
public record ThreatAssessment(String contactId, ThreatLevel threatLevel, double confidence, Double uncertainty,
                               RecommendedAction recommendedAction, Long timeToThreatMs, List<String> evidence,
                               List<String> models, boolean degraded, String degradedReason, long assessedAt) {

  public ThreatAssessment {
    if (confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("confidence " + confidence + " is outside 0..1");
    }
    if (uncertainty != null && (uncertainty < 0 || uncertainty > 1)) {
      throw new IllegalArgumentException("uncertainty " + uncertainty + " is outside 0..1");
    }
    if (degraded != (degradedReason != null)) {
      throw new IllegalArgumentException("a degraded assessment names its reason, and only a degraded one: degraded "
        + degraded + ", reason " + degradedReason);
    }
    evidence = List.copyOf(evidence);
    models = List.copyOf(models);
  }

  /** The same assessment, marked as a degraded answer for {@code reason}. */
  public ThreatAssessment degradedBecause(String reason) {
    return new ThreatAssessment(contactId, threatLevel, confidence, uncertainty, recommendedAction, timeToThreatMs,
      evidence, models, true, reason, assessedAt);
  }

  /** The same assessment of another contact (tactical's association chose which contact a track belongs to). */
  public ThreatAssessment forContact(String otherContactId) {
    return new ThreatAssessment(otherContactId, threatLevel, confidence, uncertainty, recommendedAction, timeToThreatMs,
      evidence, models, degraded, degradedReason, assessedAt);
  }

  public JsonObject toJson() {
    return new JsonObject().put("contactId", contactId).put("threatLevel", threatLevel.name())
      .put("confidence", confidence).put("uncertainty", uncertainty).put("recommendedAction", recommendedAction.name())
      .put("timeToThreatMs", timeToThreatMs).put("evidence", new JsonArray(evidence))
      .put("models", new JsonArray(models)).put("degraded", degraded).put("degradedReason", degradedReason)
      .put("assessedAt", assessedAt);
  }

  public static ThreatAssessment fromJson(JsonObject json) {
    return new ThreatAssessment(json.getString("contactId"), ThreatLevel.valueOf(json.getString("threatLevel")),
      json.getDouble("confidence"), json.getDouble("uncertainty"),
      RecommendedAction.valueOf(json.getString("recommendedAction")), json.getLong("timeToThreatMs"),
      Json.strings(json.getJsonArray("evidence")), Json.strings(json.getJsonArray("models")),
      json.getBoolean("degraded", false), json.getString("degradedReason"), json.getLong("assessedAt"));
  }
}
