package kraken.scaling.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code status} of a ThreatResponse, as the CRD schema declares it (not written yet: see the README). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ThreatResponseStatus {

  public Long observedGeneration;
  /** Whether the picture is at this response's threat level now. */
  public Boolean active;
  public String lastAppliedTime;
  public String message;
}
