package kraken.scaling;

import io.vertx.core.json.JsonObject;
import kraken.bus.ScalingDecision;
import kraken.bus.ThreatLevel;
import kraken.scaling.policy.ThreatScalePolicy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The desired replica count of one policy's target, computed the way the HPA does and then some:
 *
 * <pre>
 *   recommended = clamp(max(threat floor, load signals, forecast), minReplicas, maxReplicas)
 *   desired     = recommended                                     when it is at or above the current count (at once)
 *               = min(current, highest recommended in the window) when it is below (stabilization, no flapping)
 * </pre>
 *
 * The threat floor is {@code threatScaling} at the picture's highest level. Load signals follow the HPA's rule
 * {@code ceil(current * observed / target)}, left at the current count within a {@value #TOLERANCE} tolerance, except
 * readings per second, which need no current count: {@code ceil(readings / targetPerReplica)}. The forecast asks for
 * what the peak of the next horizon will need.
 *
 * <p>A window that starts afresh (a new reconciler, for a new or changed policy, or one whose scaler has just become
 * the active one) is seeded with the current count, as the HPA seeds its own: otherwise it would be empty, or hold
 * only what this scaler recommended before another scaler took over, and the first low recommendation would scale
 * down at once. Seeded, a scale-down after a failover or a policy change waits a full window like any other.
 * Not thread-safe: the scaling verticle calls it on its event loop.
 */
public final class Reconciler {

  static final double TOLERANCE = 0.1;

  private record Recommendation(long at, int replicas) {
  }

  private record Ask(String signal, int replicas, String reason) {
  }

  private final ThreatScalePolicy policy;
  private final SeasonalHistory history;
  private final Deque<Recommendation> window = new ArrayDeque<>();
  private boolean seedWindow = true;

  public Reconciler(ThreatScalePolicy policy) {
    this.policy = policy;
    this.history = new SeasonalHistory(policy.predictive().seasonalPeriodSeconds());
  }

  public ThreatScalePolicy policy() {
    return policy;
  }

  /**
   * This reconciler's scaler has just become the active one: what it recommended before is stale (another scaler may
   * have scaled since), so the window restarts, seeded with the current count at the next decision.
   */
  public void activated() {
    window.clear();
    seedWindow = true;
  }

  /** Adds an observation to the history the forecast reads; every scaler does this, active or not. */
  public void record(Observation observation) {
    history.record(observation);
  }

  public ScalingDecision decide(Observation seen, int current, String scalerNode) {
    List<Ask> asks = new ArrayList<>();
    ThreatLevel level = seen.highestThreat();
    asks.add(new Ask("threat", policy.threatScaling().replicasAt(level),
      "threat: highest level " + level + " asks for " + policy.threatScaling().replicasAt(level)));
    loadAsks(seen, current, asks);
    forecastAsks(asks);

    Ask strongest = asks.get(0);
    for (Ask ask : asks) {
      if (ask.replicas() > strongest.replicas()) {
        strongest = ask;
      }
    }
    List<String> reasons = new ArrayList<>();
    asks.forEach(ask -> reasons.add(ask.reason()));
    int recommended = strongest.replicas();
    String signal = strongest.signal();
    if (recommended <= policy.minReplicas()) {
      reasons.add(recommended == policy.minReplicas() ? "floor: at minReplicas " + recommended
        : "floor: " + recommended + " raised to minReplicas " + policy.minReplicas());
      recommended = policy.minReplicas();
      signal = "floor";
    } else if (recommended > policy.maxReplicas()) {
      reasons.add("ceiling: " + recommended + " capped at maxReplicas " + policy.maxReplicas());
      recommended = policy.maxReplicas();
      signal = "ceiling";
    }

    int desired = stabilize(seen.at(), recommended, current);
    if (desired != recommended) {
      reasons.add("stabilization: holding " + desired + ", the highest count desired in the last "
        + policy.stabilizationWindowSeconds() + " s (recommended now: " + recommended + ")");
      signal = "stabilization";
    }
    JsonObject inputs = seen.toJson().put("currentReplicas", current).put("minReplicas", policy.minReplicas())
      .put("maxReplicas", policy.maxReplicas());
    return new ScalingDecision(policy.key(), policy.targetDeployment(), scalerNode, current, recommended, desired,
      signal, reasons, inputs, desired == current ? "none" : "pending", seen.at(), 0);
  }

  /** Up at once; down only to the highest recommendation within the window, and never above the current count. */
  private int stabilize(long now, int recommended, int current) {
    if (seedWindow && policy.stabilizationWindowSeconds() > 0) {
      // the count found running is what was last desired (by whoever decided it), capped like any recommendation
      window.addLast(new Recommendation(now, Math.min(current, policy.maxReplicas())));
      seedWindow = false;
    }
    window.addLast(new Recommendation(now, recommended));
    long since = now - policy.stabilizationWindowSeconds() * 1000L;
    while (!window.isEmpty() && window.peekFirst().at() < since) {
      window.removeFirst();
    }
    if (recommended >= current) {
      return recommended;
    }
    int highest = window.stream().mapToInt(Recommendation::replicas).max().orElse(recommended);
    return Math.min(current, Math.max(recommended, highest));
  }

  private void loadAsks(Observation seen, int current, List<Ask> asks) {
    ThreatScalePolicy.PerformanceScaling targets = policy.performanceScaling();
    if (targets.targetReadingsPerSecondPerReplica() > 0) {
      double perReplica = targets.targetReadingsPerSecondPerReplica();
      int replicas = (int) Math.ceil(seen.readingsPerSecond() / perReplica);
      if (current > 0 && Math.abs(seen.readingsPerSecond() / (current * perReplica) - 1) <= TOLERANCE) {
        replicas = current;
      }
      asks.add(new Ask("load:readings", replicas, String.format("load:readings: %.0f readings/s at %.0f per replica "
        + "asks for %d", seen.readingsPerSecond(), perReplica, replicas)));
    }
    ratioAsk("load:latency", "p95 latency %.0f ms", seen.p95LatencyMs(), targets.targetP95LatencyMs(), current, asks);
    ratioAsk("load:queue", "%.0f model rows queued", seen.queuedRows(), targets.targetQueueDepth(), current, asks);
    ratioAsk("load:cpu", "busiest CPU %.2f", seen.busiestCpu(), targets.targetCpu(), current, asks);
  }

  /** The HPA's rule: current * observed / target, unchanged within the tolerance; off when the target is 0. */
  private static void ratioAsk(String signal, String observedFormat, double observed, double target, int current,
                               List<Ask> asks) {
    if (target <= 0 || current <= 0) {
      return;
    }
    double ratio = observed / target;
    int replicas = Math.abs(ratio - 1) <= TOLERANCE ? current : (int) Math.ceil(current * ratio);
    asks.add(new Ask(signal, replicas, String.format("%s: " + observedFormat + " against a target of %s at %d "
      + "replicas asks for %d", signal, observed, trim(target), current, replicas)));
  }

  private void forecastAsks(List<Ask> asks) {
    ThreatScalePolicy.Predictive predictive = policy.predictive();
    if (!predictive.enabled()) {
      return;
    }
    Optional<SeasonalHistory.Forecast> forecast = history.forecast(predictive.horizonSeconds());
    if (forecast.isEmpty()) {
      asks.add(new Ask("forecast", 0, "forecast: warming up, " + history.seasons() + " of 2 seasons of "
        + predictive.seasonalPeriodSeconds() + " s recorded"));
      return;
    }
    SeasonalHistory.Forecast peak = forecast.get();
    double perReplica = policy.performanceScaling().targetReadingsPerSecondPerReplica();
    if (perReplica > 0) {
      int replicas = (int) Math.ceil(Math.max(0, peak.readingsPerSecond()) / perReplica);
      asks.add(new Ask("forecast:readings", replicas, String.format("forecast:readings: peak %.0f readings/s within "
        + "%d s asks for %d", peak.readingsPerSecond(), predictive.horizonSeconds(), replicas)));
    }
    int ordinal = (int) Math.max(0, Math.min(ThreatLevel.values().length - 1, Math.round(peak.threatLevel())));
    ThreatLevel expected = ThreatLevel.values()[ordinal];
    int replicas = policy.threatScaling().replicasAt(expected);
    asks.add(new Ask("forecast:threat", replicas, "forecast:threat: " + expected + " expected within "
      + predictive.horizonSeconds() + " s asks for " + replicas));
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
