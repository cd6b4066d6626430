package kraken.scaling.actuator;

import io.vertx.core.Future;
import kraken.scaling.policy.ThreatScalePolicy;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code scaling.actuator=none}: decides and records but changes nothing. It remembers the count it was last asked for
 * (starting at the policy's minimum), so decisions read as if they had been carried out and stabilization behaves.
 */
public final class ObserveOnlyActuator implements Actuator {

  private final Map<String, Integer> asked = new HashMap<>();

  @Override
  public String kind() {
    return "none";
  }

  @Override
  public Future<Integer> currentReplicas(ThreatScalePolicy policy) {
    return Future.succeededFuture(asked.getOrDefault(policy.key(), Math.max(1, policy.minReplicas())));
  }

  @Override
  public Future<Integer> scaleTo(ThreatScalePolicy policy, int replicas) {
    asked.put(policy.key(), replicas);
    return Future.succeededFuture(replicas);
  }
}
