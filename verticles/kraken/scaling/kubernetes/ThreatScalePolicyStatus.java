package kraken.scaling.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** {@code status} of a ThreatScalePolicy, as the CRD schema declares it; written by {@link KubernetesActuator}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ThreatScalePolicyStatus {

  public Long observedGeneration;
  /** BENIGN, SUSPICIOUS, HOSTILE or IMMEDIATE. */
  public String observedThreatLevel;
  public Integer currentReplicas;
  public Integer desiredReplicas;
  public LastDecision lastDecision;

  /** The scaler's last decision for this policy: when, from and to how many replicas, which signal drove it, why. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class LastDecision {
    /** RFC 3339 date-time. */
    public String time;
    public Integer fromReplicas;
    public Integer toReplicas;
    /** threat, load, latency, cpu, predictive, floor, ceiling or stabilization. */
    public String signal;
    public List<String> reasons;
  }
}
