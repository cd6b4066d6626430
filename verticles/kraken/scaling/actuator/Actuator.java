package kraken.scaling.actuator;

import io.vertx.core.Future;
import kraken.scaling.policy.ThreatScalePolicy;

/**
 * What changes the replica count of a policy's target. The local one deploys inference verticle instances in this
 * JVM; the Kubernetes one ({@code kraken.scaling.kubernetes.KubernetesReplicaActuator}) reads and patches the scale
 * subresource of the policy's Deployment, in the namespace its resource names as {@code spec.targetNamespace}. Both answer asynchronously and never block the event loop;
 * a failure is a failed future with a message naming the target, and the reconciler retries on its next tick.
 */
public interface Actuator {

  /** For decisions and logs: local, kubernetes, none. */
  String kind();

  /** Replicas the target runs now. */
  Future<Integer> currentReplicas(ThreatScalePolicy policy);

  /** Asks for {@code replicas}; answers the count the target runs once the call is done. */
  Future<Integer> scaleTo(ThreatScalePolicy policy, int replicas);

  /**
   * This scaler is no longer the active one. The local actuator undeploys the instances it added (the new active
   * scaler adds its own where it runs); a cluster-wide actuator (Kubernetes) leaves the target as it is.
   */
  default Future<Void> standDown() {
    return Future.succeededFuture();
  }

  /** Releases what it holds (watches, clients); the local actuator leaves the instances it deployed running. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
