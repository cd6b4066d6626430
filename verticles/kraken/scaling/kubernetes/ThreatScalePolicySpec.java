package kraken.scaling.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code spec} of a ThreatScalePolicy, field for field as in its CRD schema. Plain mutable fields because Jackson
 * (through fabric8) fills them; the API server has already checked them against the schema, and {@link KubePolicy}
 * checks them again before the scaler uses them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ThreatScalePolicySpec {

  public String targetDeployment;
  /** Namespace of the Deployment; the policy's own when absent. */
  public String targetNamespace;
  public Integer minReplicas;
  public Integer maxReplicas;
  public ThreatScaling threatScaling;
  public PerformanceScaling performanceScaling;
  public Predictive predictive;
  /** The CRD's default is 120. */
  public Integer stabilizationWindowSeconds;

  /** Replicas asked for by the highest threat level in the picture. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class ThreatScaling {
    public Integer benign;
    public Integer suspicious;
    public Integer hostile;
    public Integer immediate;
  }

  /** Load targets per replica; an absent one is a signal turned off. {@code targetCpu} is a percentage. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class PerformanceScaling {
    public Integer targetReadingsPerSecondPerReplica;
    public Integer targetP95LatencyMs;
    public Integer targetCpu;
  }

  /** Forecasting from recorded history. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Predictive {
    public Boolean enabled;
    public Integer seasonalPeriodSeconds;
  }
}
