package kraken.scaling;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.config.Settings;
import kraken.scaling.actuator.Actuator;
import kraken.scaling.actuator.LocalInferenceActuator;
import kraken.scaling.actuator.ObserveOnlyActuator;
import kraken.scaling.kubernetes.Backoff;
import kraken.scaling.kubernetes.KubernetesClients;
import kraken.scaling.kubernetes.KubernetesPolicySource;
import kraken.scaling.policy.LocalPolicySource;
import kraken.scaling.policy.PolicySource;

import java.util.function.Supplier;

/**
 * The seams where an actuator and a policy source are chosen from {@code scaling.actuator}: {@code local} and
 * {@code none} take their policies from the settings or {@code scaling.policyFile}; {@code kubernetes} watches
 * ThreatScalePolicy and ThreatResponse resources in {@code scaling.kubernetes.namespaces} and patches the Deployments'
 * scale subresource, both over one fabric8 client ({@link KubernetesClients#create()} unless one is injected, as the
 * tests inject their mock server's). Nothing else in the scaler changes.
 */
public final class ScalingWiring {

  /** What the node hands the scaler so that the local actuator can deploy inference like the node does. */
  public record LocalInference(Supplier<? extends Deployable> verticle, int baseReplicas) {
  }

  /** The policy source and the actuator the scaler reconciles with. */
  record Wired(PolicySource policies, Actuator actuator) {
  }

  private ScalingWiring() {
  }

  /**
   * @param kubernetes the client for {@code scaling.actuator=kubernetes}, called only then; the source closes it
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  static Wired wire(Vertx vertx, JsonObject config, LocalInference inference, Supplier<KubernetesClient> kubernetes) {
    return switch (Settings.SCALING_ACTUATOR.from(config)) {
      case "local" -> new Wired(LocalPolicySource.from(config),
        new LocalInferenceActuator(vertx, inference.verticle(), config, inference.baseReplicas()));
      case "none" -> new Wired(LocalPolicySource.from(config), new ObserveOnlyActuator());
      case "kubernetes" -> {
        KubernetesPolicySource source = KubernetesPolicySource.start(vertx, kubernetes.get(),
          KubernetesPolicySource.namespaces(config, KubernetesPolicySource.SERVICE_ACCOUNT_NAMESPACE), Backoff.DEFAULT);
        yield new Wired(source, source.actuator());
      }
      default -> throw new IllegalArgumentException(Settings.SCALING_ACTUATOR.key() + " "
        + Settings.SCALING_ACTUATOR.from(config) + ": expected " + Settings.SCALING_ACTUATOR.allowed());
    };
  }

  /** The client {@code scaling.actuator=kubernetes} uses outside tests: in-cluster service account or kube config. */
  static Supplier<KubernetesClient> kubernetesFromEnvironment() {
    return KubernetesClients::create;
  }
}
