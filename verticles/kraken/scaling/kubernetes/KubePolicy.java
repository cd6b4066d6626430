package kraken.scaling.kubernetes;

import io.vertx.core.json.JsonObject;
import kraken.bus.ThreatLevel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One ThreatScalePolicy as the reconciler uses it: plain values, checked, with the ThreatResponses of its namespace
 * already applied. {@link KubernetesPolicySource#toScalerPolicy} maps it onto the scaler's own policy record
 * (converting {@code targetCpu} from a percentage to a fraction: {@link #toJson()} keeps the CRD's percentage).
 *
 * <p>The ThreatResponse rule ({@link #of}): a response applies to a policy when it is in the policy's namespace,
 * its {@code autoScale} is true (the default) and its {@code policyRef} names the policy or is absent. The highest
 * {@code threatLevel} among the applying responses is the policy's <em>threat floor</em>: the policy keeps at least
 * {@code threatScaling} at that level, whatever the picture says, so {@code minReplicas} here is
 * {@code max(spec.minReplicas, threatScaling[floor])}. The {@code resourceLimits.maxReplicas} of the response(s) at
 * the floor (the smallest, if several) lowers the ceiling: {@code maxReplicas} here is
 * {@code min(spec.maxReplicas, that limit)}, and the floor never exceeds the ceiling. A response with
 * {@code autoScale: false}, or none at all, leaves the policy as declared (floor BENIGN).
 *
 * @param namespace         the policy resource's namespace (where its status is written)
 * @param targetNamespace   the Deployment's namespace: {@code spec.targetNamespace}, else {@code namespace}
 * @param threatFloor       the highest level of the applying ThreatResponses; Benign when none applies
 * @param threatFloorFrom   names of the ThreatResponses at that level (for decision reasons)
 */
public record KubePolicy(String name, String namespace, String targetNamespace, String targetDeployment,
                         int minReplicas, int maxReplicas, ThreatScaling threatScaling,
                         PerformanceScaling performanceScaling, Predictive predictive, int stabilizationWindowSeconds,
                         ThreatLevel threatFloor, List<String> threatFloorFrom) {

  /** The CRD's default window. */
  public static final int DEFAULT_STABILIZATION_SECONDS = 120;

  public KubePolicy {
    threatFloorFrom = List.copyOf(threatFloorFrom);
  }

  /** Replicas asked for at each threat level of the picture. */
  public record ThreatScaling(int benign, int suspicious, int hostile, int immediate) {

    public int replicasAt(ThreatLevel level) {
      return switch (level) {
        case Benign -> benign;
        case Suspicious -> suspicious;
        case Hostile -> hostile;
        case ImmediateThreat -> immediate;
      };
    }
  }

  /** Load targets per replica; 0 is a signal turned off. {@code targetCpuPercent} is 1..100 as in the CRD. */
  public record PerformanceScaling(int targetReadingsPerSecondPerReplica, int targetP95LatencyMs,
                                   int targetCpuPercent) {
  }

  /** {@code seasonalPeriodSeconds} is 0 when the resource leaves it out (the scaler picks its own then). */
  public record Predictive(boolean enabled, int seasonalPeriodSeconds) {
  }

  /** namespace/name: the key of this policy in maps, logs and change notices. */
  public String key() {
    return namespace + "/" + name;
  }

  /**
   * Checks the policy's spec and applies the ThreatResponses of its namespace (the rule is in the class comment).
   *
   * @param responses the ThreatResponses of the policy's namespace; others are ignored
   * @throws IllegalArgumentException naming the resource, the field, its value and what is allowed
   */
  public static KubePolicy of(ThreatScalePolicyResource resource, Collection<ThreatResponseResource> responses) {
    String name = resource.getMetadata().getName();
    String namespace = resource.getMetadata().getNamespace();
    Check check = new Check("ThreatScalePolicy " + namespace + "/" + name);
    ThreatScalePolicySpec spec = check.present(resource.getSpec(), "spec");
    String target = check.present(spec.targetDeployment, "spec.targetDeployment");
    int min = check.range(spec.minReplicas, "spec.minReplicas", 0, 1000);
    int max = check.range(spec.maxReplicas, "spec.maxReplicas", 1, 1000);
    if (min > max) {
      throw new IllegalArgumentException(check.what + ": spec.minReplicas " + min + " exceeds spec.maxReplicas " + max
        + ": expected minReplicas <= maxReplicas");
    }
    ThreatScalePolicySpec.ThreatScaling threat = check.present(spec.threatScaling, "spec.threatScaling");
    ThreatScaling threatScaling = new ThreatScaling(
      check.range(threat.benign, "spec.threatScaling.benign", 0, Integer.MAX_VALUE),
      check.range(threat.suspicious, "spec.threatScaling.suspicious", 0, Integer.MAX_VALUE),
      check.range(threat.hostile, "spec.threatScaling.hostile", 0, Integer.MAX_VALUE),
      check.range(threat.immediate, "spec.threatScaling.immediate", 0, Integer.MAX_VALUE));
    ThreatScalePolicySpec.PerformanceScaling load = spec.performanceScaling == null
      ? new ThreatScalePolicySpec.PerformanceScaling() : spec.performanceScaling;
    PerformanceScaling performance = new PerformanceScaling(
      check.optional(load.targetReadingsPerSecondPerReplica, "spec.performanceScaling.targetReadingsPerSecondPerReplica",
        1, Integer.MAX_VALUE),
      check.optional(load.targetP95LatencyMs, "spec.performanceScaling.targetP95LatencyMs", 1, Integer.MAX_VALUE),
      check.optional(load.targetCpu, "spec.performanceScaling.targetCpu", 1, 100));
    Predictive predictive = spec.predictive == null ? new Predictive(false, 0)
      : new Predictive(check.present(spec.predictive.enabled, "spec.predictive.enabled"),
      check.optional(spec.predictive.seasonalPeriodSeconds, "spec.predictive.seasonalPeriodSeconds", 60, 2_592_000));
    int window = spec.stabilizationWindowSeconds == null ? DEFAULT_STABILIZATION_SECONDS
      : check.range(spec.stabilizationWindowSeconds, "spec.stabilizationWindowSeconds", 0, 3600);
    String targetNamespace = spec.targetNamespace == null ? namespace : spec.targetNamespace;

    List<ThreatResponseResource> applying = responses.stream()
      .filter(r -> Objects.equals(r.getMetadata().getNamespace(), namespace))
      .filter(r -> r.getSpec() != null && r.getSpec().scales())
      .filter(r -> r.getSpec().policyRef == null || r.getSpec().policyRef.equals(name))
      .toList();
    ThreatLevel floor = applying.stream().map(KubePolicy::levelOf).max(Comparator.naturalOrder())
      .orElse(ThreatLevel.Benign);
    List<ThreatResponseResource> atFloor = applying.stream().filter(r -> levelOf(r) == floor).toList();
    int ceiling = atFloor.stream().map(r -> r.getSpec().resourceLimits).filter(Objects::nonNull)
      .map(l -> l.maxReplicas).filter(Objects::nonNull).reduce(max, Math::min);
    ceiling = Math.max(1, ceiling);
    int floorReplicas = applying.isEmpty() ? min : Math.max(min, threatScaling.replicasAt(floor));
    List<String> from = new ArrayList<>();
    atFloor.forEach(r -> from.add(r.getMetadata().getName()));
    return new KubePolicy(name, namespace, targetNamespace, target, Math.min(floorReplicas, ceiling), ceiling,
      threatScaling, performance, predictive, window, floor, from);
  }

  /** A ThreatResponse's level; one that is not a CRD level was refused by the API server, so this is a guard. */
  static ThreatLevel levelOf(ThreatResponseResource response) {
    return CrdThreatLevel.parse("ThreatResponse " + response.getMetadata().getNamespace() + "/"
      + response.getMetadata().getName() + " spec.threatLevel", response.getSpec().threatLevel);
  }

  /**
   * As a ThreatScalePolicy resource ({@code metadata} + {@code spec}) with the floor and ceiling applied: the shape
   * the scaler's own policy record reads. {@code targetCpu} stays a percentage, as in the CRD.
   */
  public JsonObject toJson() {
    return new JsonObject()
      .put("metadata", new JsonObject().put("name", name).put("namespace", namespace))
      .put("spec", new JsonObject()
        .put("targetDeployment", targetDeployment).put("targetNamespace", targetNamespace)
        .put("minReplicas", minReplicas).put("maxReplicas", maxReplicas)
        .put("threatScaling", new JsonObject().put("benign", threatScaling.benign())
          .put("suspicious", threatScaling.suspicious()).put("hostile", threatScaling.hostile())
          .put("immediate", threatScaling.immediate()))
        .put("performanceScaling", new JsonObject()
          .put("targetReadingsPerSecondPerReplica", performanceScaling.targetReadingsPerSecondPerReplica())
          .put("targetP95LatencyMs", performanceScaling.targetP95LatencyMs())
          .put("targetCpu", performanceScaling.targetCpuPercent()))
        .put("predictive", new JsonObject().put("enabled", predictive.enabled())
          .put("seasonalPeriodSeconds", predictive.seasonalPeriodSeconds()))
        .put("stabilizationWindowSeconds", stabilizationWindowSeconds))
      .put("threatFloor", new JsonObject().put("level", CrdThreatLevel.name(threatFloor))
        .put("from", new io.vertx.core.json.JsonArray(threatFloorFrom)));
  }

  /** Field checks that name the resource, the field, the value and what is allowed. */
  private record Check(String what) {

    <T> T present(T value, String field) {
      if (value == null) {
        throw new IllegalArgumentException(what + ": " + field + " is missing");
      }
      return value;
    }

    int range(Integer value, String field, int min, int max) {
      present(value, field);
      if (value < min || value > max) {
        throw new IllegalArgumentException(what + ": " + field + " " + value + ": expected an integer from " + min
          + " to " + max);
      }
      return value;
    }

    /** An absent optional field is 0 (off). */
    int optional(Integer value, String field, int min, int max) {
      return value == null ? 0 : range(value, field, min, max);
    }
  }
}
