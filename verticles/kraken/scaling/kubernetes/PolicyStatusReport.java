package kraken.scaling.kubernetes;

import kraken.bus.ThreatLevel;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the scaler writes to a ThreatScalePolicy's {@code status} after a decision: the threat level it saw, the
 * replicas it found and asked for, and its last decision with the signal that drove it and its reasons.
 *
 * @param signal one of {@link #SIGNALS}, as the CRD's enum allows
 */
public record PolicyStatusReport(ThreatLevel observedThreatLevel, int currentReplicas, int desiredReplicas,
                                 Instant time, int fromReplicas, int toReplicas, String signal, List<String> reasons) {

  /** The values the CRD allows for {@code status.lastDecision.signal}. */
  public static final Set<String> SIGNALS = Set.of("threat", "load", "latency", "cpu", "predictive", "floor", "ceiling",
    "stabilization");

  public PolicyStatusReport {
    if (!SIGNALS.contains(signal)) {
      throw new IllegalArgumentException("status.lastDecision.signal '" + signal + "': expected one of "
        + SIGNALS.stream().sorted().toList());
    }
    if (currentReplicas < 0 || desiredReplicas < 0 || fromReplicas < 0 || toReplicas < 0) {
      throw new IllegalArgumentException("status replicas must be >= 0, got current " + currentReplicas + ", desired "
        + desiredReplicas + ", from " + fromReplicas + ", to " + toReplicas);
    }
    reasons = List.copyOf(reasons);
  }

  ThreatScalePolicyStatus toStatus() {
    ThreatScalePolicyStatus status = new ThreatScalePolicyStatus();
    status.observedThreatLevel = CrdThreatLevel.name(observedThreatLevel);
    status.currentReplicas = currentReplicas;
    status.desiredReplicas = desiredReplicas;
    status.lastDecision = new ThreatScalePolicyStatus.LastDecision();
    status.lastDecision.time = time.toString();
    status.lastDecision.fromReplicas = fromReplicas;
    status.lastDecision.toReplicas = toReplicas;
    status.lastDecision.signal = signal;
    status.lastDecision.reasons = reasons;
    return status;
  }
}
