package kraken.scaling;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import kraken.bus.Addresses;
import kraken.bus.ScalingDecision;
import kraken.ops.Meters;
import kraken.storage.ScalingDecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a decision goes: every one to the consoles ({@code console.scaling.decision}); the ones that change something
 * (the first for a policy, a new desired or current count, or a call to the actuator) also to the grid's ring buffer,
 * PostgreSQL when configured, the log and {@code kraken_scaling_decisions_total}. It also keeps
 * {@code kraken_scaling_replicas{target}} and times escalations to their scale call.
 */
final class DecisionRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionRecorder.class);

  private final Vertx vertx;
  private final MeterRegistry meters;
  private final DecisionLog log;
  /** Null without PostgreSQL. */
  private final ScalingDecisionStore store;
  private final Timer escalationToScale;
  private final Map<String, ScalingDecision> lastRecorded = new HashMap<>();
  /** Per target: replicas, desired, ceiling, as the last decision said (the gauges read them). */
  private final Map<String, int[]> gauges = new HashMap<>();

  DecisionRecorder(Vertx vertx, MeterRegistry meters, DecisionLog log, ScalingDecisionStore store) {
    this.vertx = vertx;
    this.meters = meters;
    this.log = log;
    this.store = store;
    this.escalationToScale = Meters.escalationToScale(meters);
  }

  void record(ScalingDecision decision, boolean escalation) {
    vertx.eventBus().publish(Addresses.SCALING_DECISIONS, decision.toJson());
    int[] gauge = gauges.computeIfAbsent(decision.target(), target -> {
      int[] values = new int[3];
      Meters.scalingTarget(meters, target, () -> values[0], () -> values[1], () -> values[2]);
      return values;
    });
    gauge[0] = decision.actuation().equals("scaled") ? decision.desiredReplicas() : decision.currentReplicas();
    gauge[1] = decision.desiredReplicas();
    gauge[2] = decision.inputs().getInteger("maxReplicas", decision.desiredReplicas());
    long reportedAt = decision.inputs().getLong("threatReportedAt", 0L);
    if (escalation && decision.actuatedAt() > 0 && reportedAt > 0) {
      escalationToScale.record(Math.max(0, decision.actuatedAt() - reportedAt), TimeUnit.MILLISECONDS);
    }
    ScalingDecision last = lastRecorded.get(decision.policy());
    // after a scale call the count it asked for is what the next decision should see: that is no news
    int expectedCurrent = last == null ? -1 : last.actuation().equals("scaled") ? last.desiredReplicas()
      : last.currentReplicas();
    boolean changes = last == null || last.desiredReplicas() != decision.desiredReplicas()
      || decision.currentReplicas() != expectedCurrent || decision.actuatedAt() > 0;
    if (!changes) {
      return;
    }
    lastRecorded.put(decision.policy(), decision);
    Meters.scalingDecisions(meters, decision.signal()).increment();
    LOG.info("scaling {}: {} -> {} replicas of {} ({}; {}): {}", decision.policy(), decision.currentReplicas(),
      decision.desiredReplicas(), decision.target(), decision.signal(), decision.actuation(),
      String.join("; ", decision.reasons()));
    log.append(decision).onFailure(failure -> LOG.warn("scaling decision not kept in the grid: {}", failure.toString()));
    if (store != null) {
      store.write(decision).onFailure(failure ->
        LOG.warn("scaling decision not written to PostgreSQL (it is in the grid's ring buffer): {}", failure.toString()));
    }
  }

  /** Forgets a policy that disappeared, so that it is recorded afresh if it comes back. */
  void forget(String policy) {
    lastRecorded.remove(policy);
  }
}
