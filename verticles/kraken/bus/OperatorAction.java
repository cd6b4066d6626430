package kraken.bus;

import io.vertx.core.json.JsonObject;

/**
 * A combat action an operator ordered against a contact ({@code POST /api/v1/combat/action}): the action, who
 * ordered it, why, and when (epoch ms). The picture keeps the latest one on the contact; every one is recorded.
 */
public record OperatorAction(RecommendedAction action, String operator, String reason, long at) {

  public JsonObject toJson() {
    return new JsonObject().put("action", action.name()).put("operator", operator).put("reason", reason)
      .put("at", at);
  }

  /** Null for null, so that a contact without an action reads back as one. */
  public static OperatorAction fromJson(JsonObject json) {
    return json == null ? null : new OperatorAction(RecommendedAction.valueOf(json.getString("action")),
      json.getString("operator"), json.getString("reason"), json.getLong("at"));
  }
}
