package kraken.scaling;

import io.vertx.core.json.JsonObject;
import kraken.bus.LoadReport;
import kraken.bus.ThreatLevel;
import kraken.bus.ThreatReport;

import java.util.Collection;
import java.util.List;

/**
 * What the scaler sees at one instant, summed or maxed across every node's latest reports: the picture's highest
 * threat level, readings per second (all ingest nodes), model rows queued, the worst p95 latency and the busiest
 * inference node's CPU. {@code threatReportedAt} is when the freshest threat report was made (0: none), so the
 * escalation-to-scale-call latency can be measured.
 */
public record Observation(long at, ThreatLevel highestThreat, double readingsPerSecond, double queuedRows,
                          double p95LatencyMs, double busiestCpu, int nodes, long threatReportedAt) {

  public static Observation of(Collection<LoadReport> loads, Collection<ThreatReport> threats, long now) {
    ThreatLevel highest = ThreatLevel.Benign;
    long threatAt = 0;
    for (ThreatReport report : threats) {
      highest = report.highest().compareTo(highest) > 0 ? report.highest() : highest;
      threatAt = Math.max(threatAt, report.reportedAt());
    }
    List<LoadReport> inference = loads.stream().filter(r -> r.verticles().contains("inference")).toList();
    Collection<LoadReport> cpuNodes = inference.isEmpty() ? loads : inference;
    return new Observation(now, highest, loads.stream().mapToDouble(LoadReport::readingsAcceptedPerSecond).sum(),
      loads.stream().mapToDouble(LoadReport::queuedRows).sum(),
      loads.stream().mapToDouble(LoadReport::p95LatencyMs).max().orElse(0),
      cpuNodes.stream().mapToDouble(LoadReport::processCpuLoad).max().orElse(0), loads.size(), threatAt);
  }

  public JsonObject toJson() {
    return new JsonObject().put("highestThreat", highestThreat.name())
      .put("readingsPerSecond", round(readingsPerSecond)).put("queuedRows", round(queuedRows))
      .put("p95LatencyMs", round(p95LatencyMs)).put("busiestCpu", round(busiestCpu)).put("nodes", nodes)
      .put("threatReportedAt", threatReportedAt);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
