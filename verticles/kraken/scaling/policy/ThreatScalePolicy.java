package kraken.scaling.policy;

import io.vertx.core.json.JsonObject;
import kraken.bus.ThreatLevel;

import java.util.regex.Pattern;

/**
 * How one deployment scales: the spec of a ThreatScalePolicy custom resource, with its name and namespace. The same
 * record comes from the local settings ({@link LocalPolicySource}) and, with {@code scaling.actuator=kubernetes}, from
 * a watch on the CRD ({@code kraken.scaling.kubernetes.KubernetesPolicySource}), so the reconciler cannot tell them apart. {@link #fromJson} reads either a flat object or a resource
 * ({@code metadata} + {@code spec}) and refuses a bad field by name, saying what is allowed.
 */
public record ThreatScalePolicy(String name, String namespace, String targetDeployment, int minReplicas,
                                int maxReplicas, ThreatScaling threatScaling, PerformanceScaling performanceScaling,
                                Predictive predictive, int stabilizationWindowSeconds) {

  private static final Pattern KUBERNETES_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");

  public ThreatScalePolicy {
    require(KUBERNETES_NAME.matcher(name).matches(), "metadata.name", name, "a Kubernetes name (a-z 0-9 - .)");
    require(KUBERNETES_NAME.matcher(namespace).matches(), "metadata.namespace", namespace, "a Kubernetes name");
    require(KUBERNETES_NAME.matcher(targetDeployment).matches(), "spec.targetDeployment", targetDeployment,
      "a Kubernetes name");
    require(minReplicas >= 0, "spec.minReplicas", minReplicas, "an integer >= 0");
    require(maxReplicas >= Math.max(1, minReplicas), "spec.maxReplicas", maxReplicas,
      "an integer >= 1 and >= minReplicas (" + minReplicas + ")");
    require(stabilizationWindowSeconds >= 0 && stabilizationWindowSeconds <= 3600, "spec.stabilizationWindowSeconds",
      stabilizationWindowSeconds, "an integer from 0 to 3600");
  }

  /** Replicas asked for at each threat level of the picture: a floor, whatever the load. */
  public record ThreatScaling(int benign, int suspicious, int hostile, int immediate) {

    public ThreatScaling {
      require(benign >= 0, "spec.threatScaling.benign", benign, "an integer >= 0");
      require(suspicious >= 0, "spec.threatScaling.suspicious", suspicious, "an integer >= 0");
      require(hostile >= 0, "spec.threatScaling.hostile", hostile, "an integer >= 0");
      require(immediate >= 0, "spec.threatScaling.immediate", immediate, "an integer >= 0");
    }

    public int replicasAt(ThreatLevel level) {
      return switch (level) {
        case Benign -> benign;
        case Suspicious -> suspicious;
        case Hostile -> hostile;
        case ImmediateThreat -> immediate;
      };
    }

    JsonObject toJson() {
      return new JsonObject().put("benign", benign).put("suspicious", suspicious).put("hostile", hostile)
        .put("immediate", immediate);
    }

    static ThreatScaling fromJson(JsonObject json) {
      return new ThreatScaling(integer(json, "benign", 0, "spec.threatScaling."),
        integer(json, "suspicious", 0, "spec.threatScaling."), integer(json, "hostile", 0, "spec.threatScaling."),
        integer(json, "immediate", 0, "spec.threatScaling."));
    }
  }

  /**
   * Load targets per replica; 0 turns a signal off. {@code targetCpu} is a fraction of one node's processors
   * (0.7 = 70 %).
   */
  public record PerformanceScaling(double targetReadingsPerSecondPerReplica, double targetP95LatencyMs,
                                   double targetQueueDepth, double targetCpu) {

    public PerformanceScaling {
      require(targetReadingsPerSecondPerReplica >= 0, "spec.performanceScaling.targetReadingsPerSecondPerReplica",
        targetReadingsPerSecondPerReplica, "a number >= 0 (0: off)");
      require(targetP95LatencyMs >= 0, "spec.performanceScaling.targetP95LatencyMs", targetP95LatencyMs,
        "a number >= 0 (0: off)");
      require(targetQueueDepth >= 0, "spec.performanceScaling.targetQueueDepth", targetQueueDepth,
        "a number >= 0 (0: off)");
      require(targetCpu >= 0 && targetCpu <= 1, "spec.performanceScaling.targetCpu", targetCpu,
        "a fraction from 0 to 1 (0: off)");
    }

    JsonObject toJson() {
      return new JsonObject().put("targetReadingsPerSecondPerReplica", targetReadingsPerSecondPerReplica)
        .put("targetP95LatencyMs", targetP95LatencyMs).put("targetQueueDepth", targetQueueDepth)
        .put("targetCpu", targetCpu);
    }

    static PerformanceScaling fromJson(JsonObject json) {
      String at = "spec.performanceScaling.";
      return new PerformanceScaling(number(json, "targetReadingsPerSecondPerReplica", 0, at),
        number(json, "targetP95LatencyMs", 0, at), number(json, "targetQueueDepth", 0, at),
        number(json, "targetCpu", 0, at));
    }
  }

  /** Forecasting from history: a season (e.g. a day) and how far ahead the forecast looks. */
  public record Predictive(boolean enabled, int seasonalPeriodSeconds, int horizonSeconds) {

    public Predictive {
      require(seasonalPeriodSeconds >= 24 && seasonalPeriodSeconds <= 604_800, "spec.predictive.seasonalPeriodSeconds",
        seasonalPeriodSeconds, "an integer from 24 to 604800 (a week)");
      require(horizonSeconds >= 1 && horizonSeconds < seasonalPeriodSeconds, "spec.predictive.horizonSeconds",
        horizonSeconds, "an integer from 1 to less than seasonalPeriodSeconds (" + seasonalPeriodSeconds + ")");
    }

    JsonObject toJson() {
      return new JsonObject().put("enabled", enabled).put("seasonalPeriodSeconds", seasonalPeriodSeconds)
        .put("horizonSeconds", horizonSeconds);
    }

    static Predictive fromJson(JsonObject json) {
      Object enabled = json.getValue("enabled", false);
      require(enabled instanceof Boolean, "spec.predictive.enabled", enabled, "true or false");
      return new Predictive((Boolean) enabled, integer(json, "seasonalPeriodSeconds", 86_400, "spec.predictive."),
        integer(json, "horizonSeconds", 300, "spec.predictive."));
    }
  }

  /** The key of this policy in maps and metrics: namespace/name. */
  public String key() {
    return namespace + "/" + name;
  }

  /** As a ThreatScalePolicy resource: {@code metadata} and {@code spec}. */
  public JsonObject toJson() {
    return new JsonObject().put("metadata", new JsonObject().put("name", name).put("namespace", namespace))
      .put("spec", new JsonObject().put("targetDeployment", targetDeployment).put("minReplicas", minReplicas)
        .put("maxReplicas", maxReplicas).put("threatScaling", threatScaling.toJson())
        .put("performanceScaling", performanceScaling.toJson()).put("predictive", predictive.toJson())
        .put("stabilizationWindowSeconds", stabilizationWindowSeconds));
  }

  /**
   * From a resource ({@code metadata.name}, {@code metadata.namespace}, {@code spec}) or a flat object with
   * {@code name}, {@code namespace} and the spec's fields. Missing optional parts take defaults: namespace
   * {@code default}, threat floors 0, performance signals off, predictive off, a 300 s window (the HPA's).
   *
   * @throws IllegalArgumentException naming the field, its value and what is allowed
   */
  public static ThreatScalePolicy fromJson(JsonObject json) {
    JsonObject metadata = json.containsKey("spec") ? object(json, "metadata") : json;
    JsonObject spec = json.containsKey("spec") ? object(json, "spec") : json;
    Object name = metadata.getValue("name");
    require(name instanceof String, "metadata.name", name, "a Kubernetes name (a-z 0-9 - .)");
    Object namespace = metadata.getValue("namespace", "default");
    require(namespace instanceof String, "metadata.namespace", namespace, "a Kubernetes name");
    Object target = spec.getValue("targetDeployment");
    require(target instanceof String, "spec.targetDeployment", target, "a Kubernetes name");
    return new ThreatScalePolicy((String) name, (String) namespace, (String) target,
      integer(spec, "minReplicas", 1, "spec."), integer(spec, "maxReplicas", 10, "spec."),
      ThreatScaling.fromJson(object(spec, "threatScaling")),
      PerformanceScaling.fromJson(object(spec, "performanceScaling")), Predictive.fromJson(object(spec, "predictive")),
      integer(spec, "stabilizationWindowSeconds", 300, "spec."));
  }

  private static JsonObject object(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return new JsonObject();
    }
    require(value instanceof JsonObject, field, value, "an object");
    return (JsonObject) value;
  }

  private static int integer(JsonObject json, String field, int absent, String prefix) {
    Object value = json.getValue(field, absent);
    require(value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
      && Math.abs(n.doubleValue()) < Integer.MAX_VALUE, prefix + field, value, "an integer");
    return ((Number) value).intValue();
  }

  private static double number(JsonObject json, String field, double absent, String prefix) {
    Object value = json.getValue(field, absent);
    require(value instanceof Number n && Double.isFinite(n.doubleValue()), prefix + field, value, "a number");
    return ((Number) value).doubleValue();
  }

  private static void require(boolean valid, String field, Object value, String allowed) {
    if (!valid) {
      throw new IllegalArgumentException("ThreatScalePolicy " + field + " " + (value instanceof String ? "'" + value + "'"
        : value) + ": expected " + allowed);
    }
  }
}
