package kraken.scaling;

import kraken.bus.LoadReport;
import kraken.bus.ScalingDecision;
import kraken.bus.ThreatLevel;
import kraken.bus.ThreatReport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Decides how many inference instances the cluster should run, from the latest load and threat reports.
 * Three signals, the largest wins, clamped to [min, max]: load (readings per second over planned capacity),
 * CPU (any inference node above 80 % asks for one more), threat (ImmediateThreat contacts ask for one more,
 * so assessments keep their latency when it matters most). Pure: same reports, same decision.
 */
public final class ScalingPolicy {

  static final double CPU_HIGH = 0.8;

  private final int readingsPerInstance;
  private final int minInstances;
  private final int maxInstances;

  public ScalingPolicy(int readingsPerInstance, int minInstances, int maxInstances) {
    this.readingsPerInstance = readingsPerInstance;
    this.minInstances = minInstances;
    this.maxInstances = maxInstances;
  }

  public ScalingDecision decide(Collection<LoadReport> loads, Collection<ThreatReport> threats, long now) {
    List<LoadReport> inferenceNodes = loads.stream().filter(r -> r.verticles().contains("inference")).toList();
    int current = inferenceNodes.size();
    List<String> reasons = new ArrayList<>();

    double readingsPerSecond = loads.stream().mapToDouble(LoadReport::readingsAcceptedPerSecond).sum();
    int forLoad = (int) Math.ceil(readingsPerSecond / readingsPerInstance);
    reasons.add(String.format("load: %.0f readings/s over %d per instance needs %d", readingsPerSecond,
      readingsPerInstance, forLoad));

    long hot = inferenceNodes.stream().filter(r -> r.processCpuLoad() > CPU_HIGH).count();
    int forCpu = hot > 0 ? current + 1 : current;
    reasons.add(hot > 0 ? String.format("cpu: %d inference node(s) above %.0f %% asks for %d", hot, CPU_HIGH * 100, forCpu)
      : String.format("cpu: no inference node above %.0f %%", CPU_HIGH * 100));

    int immediate = threats.stream().mapToInt(t -> t.contactsByLevel().get(ThreatLevel.ImmediateThreat)).max().orElse(0);
    int forThreat = immediate > 0 ? current + 1 : current;
    reasons.add(immediate > 0 ? immediate + " contact(s) at ImmediateThreat asks for " + forThreat
      : "threat: no contact at ImmediateThreat");

    int desired = Math.max(forLoad, Math.max(forCpu, forThreat));
    int clamped = Math.max(minInstances, Math.min(maxInstances, desired));
    if (clamped != desired) {
      reasons.add("clamped " + desired + " to [" + minInstances + ", " + maxInstances + "]");
    }
    return new ScalingDecision("inference", current, clamped, reasons, false, now);
  }
}
