package kraken.scaling.kubernetes;

import io.vertx.core.Future;
import kraken.scaling.actuator.Actuator;
import kraken.scaling.policy.ThreatScalePolicy;

/**
 * The scaler's {@link Actuator} over {@link KubernetesActuator}: the scale subresource of the policy's Deployment,
 * in the Deployment's namespace ({@code spec.targetNamespace}, which the scaler's own record does not carry, so it is
 * looked up in the {@link KubernetesPolicySource} that listed the policy). A policy no longer watched (deleted since
 * the tick began) fails its call instead of scaling a target nobody asks for any more. Standing down leaves the
 * Deployments as they are: the next active scaler starts from their counts. The client is closed by the source.
 */
final class KubernetesReplicaActuator implements Actuator {

  private final KubernetesActuator kubernetes;
  private final KubernetesPolicySource source;

  KubernetesReplicaActuator(KubernetesActuator kubernetes, KubernetesPolicySource source) {
    this.kubernetes = kubernetes;
    this.source = source;
  }

  @Override
  public String kind() {
    return kubernetes.kind();
  }

  @Override
  public Future<Integer> currentReplicas(ThreatScalePolicy policy) {
    return source.kubePolicy(policy).map(kubernetes::currentReplicas).orElseGet(() -> gone(policy));
  }

  @Override
  public Future<Integer> scaleTo(ThreatScalePolicy policy, int replicas) {
    return source.kubePolicy(policy).map(kube -> kubernetes.scaleTo(kube, replicas)).orElseGet(() -> gone(policy));
  }

  private static Future<Integer> gone(ThreatScalePolicy policy) {
    return Future.failedFuture(new IllegalStateException("ThreatScalePolicy " + policy.key()
      + " is no longer watched (deleted or refused): its Deployment is left as it is"));
  }
}
