package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the scaler decided for one verticle kind: how many instances it wants, how many it sees, and why.
 * {@code actuated} is false while the scaler only logs (the Kubernetes and local actuators come later).
 */
public record ScalingDecision(String verticle, int currentInstances, int desiredInstances, List<String> reasons,
                              boolean actuated, long decidedAt) {

  public ScalingDecision {
    reasons = List.copyOf(reasons);
  }

  public JsonObject toJson() {
    return new JsonObject().put("verticle", verticle).put("currentInstances", currentInstances)
      .put("desiredInstances", desiredInstances).put("reasons", new JsonArray(reasons)).put("actuated", actuated)
      .put("decidedAt", decidedAt);
  }
}
