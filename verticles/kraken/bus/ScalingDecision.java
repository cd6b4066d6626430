package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One reconcile of one policy: what the scaler saw ({@code inputs}), how many replicas each signal asked for
 * ({@code recommendedReplicas} is the largest, before stabilization), what it settled on, the signal that drove it
 * ({@code threat}, {@code load:readings}, {@code load:latency}, {@code load:queue}, {@code load:cpu},
 * {@code forecast:readings}, {@code forecast:threat}, {@code floor}, {@code ceiling} or {@code stabilization}),
 * and whether the actuator was called and how it answered.
 *
 * @param policy     namespace/name of the ThreatScalePolicy
 * @param target     the deployment it scales
 * @param actuation  {@code none} (nothing to change), {@code scaled}, {@code failed: ...} or {@code observe-only}
 */
public record ScalingDecision(String policy, String target, String scalerNode, int currentReplicas,
                              int recommendedReplicas, int desiredReplicas, String signal, List<String> reasons,
                              JsonObject inputs, String actuation, long decidedAt, long actuatedAt) {

  public ScalingDecision {
    reasons = List.copyOf(reasons);
    inputs = inputs.copy();
  }

  public boolean scales() {
    return desiredReplicas != currentReplicas;
  }

  public ScalingDecision actuated(String outcome, long at) {
    return new ScalingDecision(policy, target, scalerNode, currentReplicas, recommendedReplicas, desiredReplicas, signal,
      reasons, inputs, outcome, decidedAt, at);
  }

  public JsonObject toJson() {
    return new JsonObject().put("policy", policy).put("target", target).put("scalerNode", scalerNode)
      .put("currentReplicas", currentReplicas).put("recommendedReplicas", recommendedReplicas)
      .put("desiredReplicas", desiredReplicas).put("signal", signal).put("reasons", new JsonArray(reasons))
      .put("inputs", inputs.copy()).put("actuation", actuation).put("decidedAt", decidedAt).put("actuatedAt", actuatedAt);
  }

  public static ScalingDecision fromJson(JsonObject json) {
    return new ScalingDecision(json.getString("policy"), json.getString("target"), json.getString("scalerNode"),
      json.getInteger("currentReplicas"), json.getInteger("recommendedReplicas"), json.getInteger("desiredReplicas"),
      json.getString("signal"), Json.strings(json.getJsonArray("reasons")), json.getJsonObject("inputs"),
      json.getString("actuation"), json.getLong("decidedAt"), json.getLong("actuatedAt", 0L));
  }
}
