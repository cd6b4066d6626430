package kraken.scaling;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.config.Settings;
import kraken.scaling.actuator.Actuator;
import kraken.scaling.actuator.LocalInferenceActuator;
import kraken.scaling.actuator.ObserveOnlyActuator;
import kraken.scaling.policy.LocalPolicySource;
import kraken.scaling.policy.PolicySource;

import java.util.function.Supplier;

/**
 * The seams where an actuator and a policy source are chosen from {@code scaling.actuator}. The Kubernetes branch
 * adds a {@code kubernetes} choice here: a fabric8 actuator patching the Deployment scale subresource, and a policy
 * source watching ThreatScalePolicy (and ThreatResponse) resources; nothing else in the scaler changes.
 */
public final class ScalingWiring {

  /** What the node hands the scaler so that the local actuator can deploy inference like the node does. */
  public record LocalInference(Supplier<? extends Deployable> verticle, int baseReplicas) {
  }

  private ScalingWiring() {
  }

  static Actuator actuator(Vertx vertx, JsonObject config, LocalInference inference) {
    return switch (Settings.SCALING_ACTUATOR.from(config)) {
      case "local" -> new LocalInferenceActuator(vertx, inference.verticle(), config, inference.baseReplicas());
      case "none" -> new ObserveOnlyActuator();
      default -> throw new IllegalArgumentException(Settings.SCALING_ACTUATOR.key() + " "
        + Settings.SCALING_ACTUATOR.from(config) + ": expected " + Settings.SCALING_ACTUATOR.allowed());
    };
  }

  static PolicySource policies(JsonObject config) {
    return LocalPolicySource.from(config);
  }
}
