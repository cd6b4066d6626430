package kraken.bus;

import io.vertx.core.json.JsonObject;

/**
 * What an operator said a contact is ({@code POST /api/v1/contacts/{id}/classify}): the vessel class, who said it,
 * why, and when (epoch ms). The picture keeps the latest one on the contact; every one is recorded.
 */
public record OperatorClassification(String vesselClass, String operator, String reason, long at) {

  public JsonObject toJson() {
    return new JsonObject().put("vesselClass", vesselClass).put("operator", operator).put("reason", reason)
      .put("at", at);
  }

  /** Null for null, so that a contact without a classification reads back as one. */
  public static OperatorClassification fromJson(JsonObject json) {
    return json == null ? null : new OperatorClassification(json.getString("vesselClass"), json.getString("operator"),
      json.getString("reason"), json.getLong("at"));
  }
}
