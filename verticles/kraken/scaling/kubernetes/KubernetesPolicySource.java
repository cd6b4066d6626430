package kraken.scaling.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.bus.ScalingDecision;
import kraken.bus.ThreatLevel;
import kraken.config.Settings;
import kraken.scaling.policy.PolicySource;
import kraken.scaling.policy.ThreatScalePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scaler's policies from ThreatScalePolicy resources: {@link KubernetesPolicies} (informers, ThreatResponse
 * floors and caps already applied) seen through the scaler's own {@link ThreatScalePolicy} record, and the status of
 * each policy written back after its decision. The two records do not say everything the same way:
 * <ul>
 *   <li>{@code targetNamespace} (the Deployment's) has no place in the scaler's record, whose namespace is the
 *   policy's own (its key, and where status goes): {@link #kubePolicy} hands the actuator the full policy;</li>
 *   <li>{@code targetCpu} is a percentage in the CRD and a fraction in the scaler's record;</li>
 *   <li>the CRD has no forecast horizon and no queue-depth target: the horizon is the scaler's default (300 s, less
 *   than the season), queue depth is off;</li>
 *   <li>the decision's signals ({@code load:readings}, {@code forecast:threat}, ...) are finer than the CRD's status
 *   enum: {@link #crdSignal} maps them.</li>
 * </ul>
 * Status is written only when what it says changes (not on every tick: 55 policies at one tick a second would be 55
 * PATCH calls a second for nothing). This object owns the client it is given and closes it.
 */
public final class KubernetesPolicySource implements PolicySource {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesPolicySource.class);
  /** Where a pod finds its own namespace. */
  public static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
  /** The horizon the scaler's own record reads when a resource gives none (ThreatScalePolicy.Predictive#fromJson). */
  static final int DEFAULT_HORIZON_SECONDS = 300;
  /** The season when the resource leaves it out, as the scaler's record defaults it: a day. */
  static final int DEFAULT_SEASON_SECONDS = 86_400;

  private final KubernetesClient client;
  private final KubernetesPolicies watch;
  private final KubernetesActuator writer;
  private final Future<Void> started;
  private final Map<String, String> lastStatus = new HashMap<>();

  private KubernetesPolicySource(KubernetesClient client, KubernetesPolicies watch, KubernetesActuator writer) {
    this.client = client;
    this.watch = watch;
    this.writer = writer;
    this.started = watch.start();
  }

  /** Starts watching {@code namespaces} (empty: all) with {@code client}, which this source closes on {@link #close}. */
  public static KubernetesPolicySource start(Vertx vertx, KubernetesClient client, List<String> namespaces,
                                             Backoff backoff) {
    return new KubernetesPolicySource(client, new KubernetesPolicies(vertx, client, namespaces),
      new KubernetesActuator(vertx, client, backoff));
  }

  /**
   * The namespaces to watch: {@code scaling.kubernetes.namespaces}, else the pod's own namespace from
   * {@code serviceAccountNamespace}, else none (all namespaces, which needs a ClusterRole the manifests do not grant).
   */
  public static List<String> namespaces(JsonObject flatConfig, Path serviceAccountNamespace) {
    String listed = Settings.SCALING_KUBERNETES_NAMESPACES.from(flatConfig);
    if (!listed.isBlank()) {
      return Arrays.stream(listed.split(",")).map(String::trim).filter(n -> !n.isEmpty()).distinct().toList();
    }
    try {
      String own = Files.isReadable(serviceAccountNamespace) ? Files.readString(serviceAccountNamespace).trim() : "";
      return own.isEmpty() ? List.of() : List.of(own);
    } catch (IOException e) {
      LOG.warn("{} not readable ({}): watching all namespaces", serviceAccountNamespace, e.toString());
      return List.of();
    }
  }

  /** The actuator over the same client: it finds each policy's Deployment namespace through this source. */
  public kraken.scaling.actuator.Actuator actuator() {
    return new KubernetesReplicaActuator(writer, this);
  }

  @Override
  public Future<List<ThreatScalePolicy>> policies() {
    return started.map(v -> {
      List<ThreatScalePolicy> converted = new ArrayList<>();
      for (KubePolicy policy : watch.current()) {
        try {
          converted.add(toScalerPolicy(policy));
        } catch (IllegalArgumentException e) {
          LOG.warn("ThreatScalePolicy {} left out: {}", policy.key(), e.getMessage());
        }
      }
      return converted;
    });
  }

  /**
   * The watched policy behind one of the scaler's records, if it is still watched now: asked of the watch's
   * current set, not of the last tick's, so that a policy deleted a moment ago is not scaled by an escalation that
   * reconciles between two ticks.
   */
  Optional<KubePolicy> kubePolicy(ThreatScalePolicy policy) {
    return watch.current().stream().filter(p -> p.key().equals(policy.key())).findFirst();
  }

  @Override
  public String describe() {
    return "ThreatScalePolicy resources in " + watch.describe() + " (" + client.getConfiguration().getMasterUrl() + ")";
  }

  @Override
  public Future<Void> reportStatus(ThreatScalePolicy policy, ScalingDecision decision) {
    Optional<KubePolicy> watched = kubePolicy(policy);
    if (watched.isEmpty()) {
      return Future.succeededFuture();
    }
    KubePolicy kube = watched.get();
    ThreatLevel seen = observedLevel(decision);
    int now = decision.actuation().equals("scaled") ? decision.desiredReplicas() : decision.currentReplicas();
    String signal = crdSignal(decision.signal());
    String what = seen + " " + now + " " + decision.desiredReplicas() + " " + signal + " " + decision.reasons();
    if (what.equals(lastStatus.get(policy.key()))) {
      return Future.succeededFuture();
    }
    PolicyStatusReport report;
    try {
      report = new PolicyStatusReport(seen, now, decision.desiredReplicas(), Instant.ofEpochMilli(decision.decidedAt()),
        decision.currentReplicas(), decision.desiredReplicas(), signal, decision.reasons());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return writer.writeStatus(kube, report).onSuccess(v -> lastStatus.put(policy.key(), what));
  }

  @Override
  public Future<Void> close() {
    return watch.close().onComplete(v -> client.close());
  }

  /** KubePolicy as the scaler's record (the mismatches are in the class comment). */
  static ThreatScalePolicy toScalerPolicy(KubePolicy policy) {
    int season = policy.predictive().seasonalPeriodSeconds() > 0 ? policy.predictive().seasonalPeriodSeconds()
      : DEFAULT_SEASON_SECONDS;
    return new ThreatScalePolicy(policy.name(), policy.namespace(), policy.targetDeployment(), policy.minReplicas(),
      policy.maxReplicas(),
      new ThreatScalePolicy.ThreatScaling(policy.threatScaling().benign(), policy.threatScaling().suspicious(),
        policy.threatScaling().hostile(), policy.threatScaling().immediate()),
      new ThreatScalePolicy.PerformanceScaling(policy.performanceScaling().targetReadingsPerSecondPerReplica(),
        policy.performanceScaling().targetP95LatencyMs(), 0, policy.performanceScaling().targetCpuPercent() / 100.0),
      new ThreatScalePolicy.Predictive(policy.predictive().enabled(), season,
        Math.min(DEFAULT_HORIZON_SECONDS, season - 1)),
      policy.stabilizationWindowSeconds());
  }

  /** The decision's signal in the CRD's {@code status.lastDecision.signal} enum. */
  static String crdSignal(String decisionSignal) {
    return switch (decisionSignal) {
      case "load:readings", "load:queue" -> "load";
      case "load:latency" -> "latency";
      case "load:cpu" -> "cpu";
      // threat, floor, ceiling, stabilization are the same words; anything else is refused by PolicyStatusReport
      default -> decisionSignal.startsWith("forecast:") ? "predictive" : decisionSignal;
    };
  }

  private static ThreatLevel observedLevel(ScalingDecision decision) {
    String level = decision.inputs().getString("highestThreat", ThreatLevel.Benign.name());
    try {
      return ThreatLevel.valueOf(level);
    } catch (IllegalArgumentException e) {
      return ThreatLevel.Benign;
    }
  }
}
