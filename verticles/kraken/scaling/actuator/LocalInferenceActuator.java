package kraken.scaling.actuator;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.scaling.policy.LocalPolicySource;
import kraken.scaling.policy.ThreatScalePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Scales the inference verticle in this JVM: each extra replica is one more deployment of an inference verticle
 * (one more consumer of the readings address, so the event bus spreads batches over them), and scaling down
 * undeploys the newest first, each draining the batches it holds before it stops (zero failed readings). The
 * instances the node deployed itself at start-up ({@code baseReplicas}) are counted but never undeployed.
 *
 * <p>Only {@link LocalPolicySource#LOCAL_INFERENCE} can be scaled here; any other target is refused with a message
 * that says which actuator it needs.
 */
public final class LocalInferenceActuator implements Actuator {

  private static final Logger LOG = LoggerFactory.getLogger(LocalInferenceActuator.class);

  private final Vertx vertx;
  private final Supplier<? extends Deployable> inference;
  private final JsonObject config;
  private final int baseReplicas;
  private final Deque<String> extras = new ArrayDeque<>();

  /**
   * @param inference    makes one inference verticle (as the node deploys it)
   * @param baseReplicas inference instances the node runs without the scaler (0 when this node does not run inference)
   */
  public LocalInferenceActuator(Vertx vertx, Supplier<? extends Deployable> inference, JsonObject config,
                                int baseReplicas) {
    this.vertx = vertx;
    this.inference = inference;
    this.config = config;
    this.baseReplicas = baseReplicas;
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public Future<Integer> currentReplicas(ThreatScalePolicy policy) {
    return refuseOther(policy).map(v -> replicas());
  }

  @Override
  public Future<Integer> scaleTo(ThreatScalePolicy policy, int replicas) {
    return refuseOther(policy).compose(v -> step(replicas)).onSuccess(now ->
      LOG.info("local actuator: {} now runs {} inference instance(s) in this JVM ({} started by the node, {} by the "
        + "scaler)", policy.targetDeployment(), now, baseReplicas, extras.size()));
  }

  @Override
  public Future<Void> standDown() {
    if (extras.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.info("local actuator: this scaler is no longer active; undeploying the {} inference instance(s) it added",
      extras.size());
    return step(baseReplicas).mapEmpty();
  }

  /** One instance at a time, so a failure leaves a count that is true, and the next tick goes on from there. */
  private Future<Integer> step(int wanted) {
    if (replicas() < wanted) {
      return vertx.deployVerticle(inference, new DeploymentOptions().setConfig(config))
        .compose(id -> {
          extras.push(id);
          return step(wanted);
        });
    }
    if (replicas() > wanted && !extras.isEmpty()) {
      String id = extras.pop();
      return vertx.undeploy(id).compose(v -> step(wanted));
    }
    return Future.succeededFuture(replicas());
  }

  private int replicas() {
    return baseReplicas + extras.size();
  }

  private static Future<Void> refuseOther(ThreatScalePolicy policy) {
    if (!policy.targetDeployment().equals(LocalPolicySource.LOCAL_INFERENCE)) {
      return Future.failedFuture(new IllegalArgumentException("the local actuator scales only targetDeployment "
        + LocalPolicySource.LOCAL_INFERENCE + " (inference in this JVM); policy " + policy.key() + " targets "
        + policy.targetDeployment() + ", which needs the Kubernetes actuator"));
    }
    return Future.succeededFuture();
  }
}
