package kraken.scaling;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import kraken.bus.Addresses;
import kraken.bus.LoadReport;
import kraken.bus.ScalingDecision;
import kraken.bus.ThreatReport;
import kraken.config.Settings;
import kraken.ops.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Watches load and threat reports from every node and decides how many inference instances the cluster
 * should run. For now it logs and publishes the decision it would take; actuators come with the scaling issue.
 */
public final class ScalingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScalingVerticle.class);

  private final Map<String, LoadReport> loads = new HashMap<>();
  private final Map<String, ThreatReport> threats = new HashMap<>();
  private final MeterRegistry meters;
  private ScalingPolicy policy;
  private MessageConsumer<LoadReport> loadConsumer;
  private MessageConsumer<ThreatReport> threatConsumer;
  private long interval;
  private long timer;
  private ScalingDecision last;

  public ScalingVerticle(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    Meters.scalingInstances(meters, "inference", () -> last == null ? 0 : last.currentInstances(),
      () -> last == null ? 0 : last.desiredInstances(), Settings.SCALING_MAX_INSTANCES.from(config()));
    policy = new ScalingPolicy(Settings.SCALING_READINGS_PER_INSTANCE.from(config()),
      Settings.SCALING_MIN_INSTANCES.from(config()), Settings.SCALING_MAX_INSTANCES.from(config()));
    interval = Settings.REPORT_INTERVAL_MS.from(config());
    loadConsumer = vertx.eventBus().consumer(Addresses.LOAD_REPORTS, m -> loads.put(m.body().nodeId(), m.body()));
    threatConsumer = vertx.eventBus().consumer(Addresses.THREAT_REPORTS, m -> threats.put(m.body().nodeId(), m.body()));
    timer = vertx.setPeriodic(interval, id -> decide());
    return Future.join(loadConsumer.completion(), threatConsumer.completion());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.join(loadConsumer.unregister(), threatConsumer.unregister());
  }

  private void decide() {
    long now = System.currentTimeMillis();
    long staleBefore = now - 3 * interval;
    loads.values().removeIf(r -> r.reportedAt() < staleBefore);
    threats.values().removeIf(r -> r.reportedAt() < staleBefore);
    if (loads.isEmpty()) {
      return;
    }
    ScalingDecision decision = policy.decide(loads.values(), threats.values(), now);
    if (last == null || last.desiredInstances() != decision.desiredInstances()
      || last.currentInstances() != decision.currentInstances()) {
      LOG.info("scaling would set inference to {} instances (sees {}; not actuated): {}",
        decision.desiredInstances(), decision.currentInstances(), String.join("; ", decision.reasons()));
    }
    Meters.scalingDecisions(meters, decision.verticle(), direction(decision)).increment();
    last = decision;
    vertx.eventBus().publish(Addresses.SCALING_DECISIONS, decision.toJson());
  }

  private static String direction(ScalingDecision decision) {
    int change = Integer.compare(decision.desiredInstances(), decision.currentInstances());
    return change > 0 ? "up" : change < 0 ? "down" : "hold";
  }
}
