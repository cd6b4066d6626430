package kraken.scaling.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code spec} of a ThreatResponse, field for field as in its CRD schema. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ThreatResponseSpec {

  /** BENIGN, SUSPICIOUS, HOSTILE or IMMEDIATE. */
  public String threatLevel;
  /** MONITOR, TRACK, INTERCEPT or ENGAGE. */
  public String responseAction;
  /** The CRD's default is true; absent counts as true here too. */
  public Boolean autoScale;
  /** Name of the ThreatScalePolicy (same namespace) it applies to; absent: every policy of its namespace. */
  public String policyRef;
  public ResourceLimits resourceLimits;

  /** Limits the response may use; the scaler never asks for more replicas than {@code maxReplicas}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class ResourceLimits {
    public Integer maxReplicas;
    public String cpu;
    public String memory;
  }

  /** Whether the scaler may scale for this response: {@code autoScale}, true when absent (the CRD's default). */
  public boolean scales() {
    return autoScale == null || autoScale;
  }
}
