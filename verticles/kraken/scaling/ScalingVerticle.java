package kraken.scaling;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import kraken.bus.Addresses;
import kraken.bus.LoadReport;
import kraken.bus.ScalingDecision;
import kraken.bus.ThreatLevel;
import kraken.bus.ThreatReport;
import kraken.config.ConfigException;
import kraken.config.ConfigLoader;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.scaling.actuator.Actuator;
import kraken.scaling.policy.PolicySource;
import kraken.scaling.policy.ThreatScalePolicy;
import kraken.storage.ScalingDecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The scaler: a reconciler over the policies of its {@link PolicySource}. Every node may run one; they all listen to
 * the load and threat reports and record history, and the one holding the {@link ScalerLease} acts: every
 * {@code scaling.intervalMs}, and at once when a threat report raises the picture's highest level (tactical sends one
 * as soon as that happens). For each policy it asks the {@link Actuator} for the current count, lets the policy's
 * {@link Reconciler} decide, calls the actuator when the count should change, and hands the decision to the
 * {@link DecisionRecorder}.
 */
public final class ScalingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScalingVerticle.class);

  private final Grid grid;
  private final MeterRegistry meters;
  private final ScalingWiring.LocalInference inference;
  private final Supplier<KubernetesClient> kubernetes;
  private final Map<String, LoadReport> loads = new HashMap<>();
  private final Map<String, ThreatReport> threats = new HashMap<>();
  private final Map<String, Reconciler> reconcilers = new HashMap<>();
  private String nodeId;
  private long reportInterval;
  private PolicySource policies;
  private Actuator actuator;
  private ScalerLease lease;
  private DecisionRecorder recorder;
  private ScalingDecisionStore store;
  private MessageConsumer<LoadReport> loadConsumer;
  private MessageConsumer<ThreatReport> threatConsumer;
  private long timer;
  private long activeUntil;
  private boolean active;
  private boolean reconciling;
  private boolean again;
  private boolean againForEscalation;

  public ScalingVerticle(Grid grid, MeterRegistry meters, ScalingWiring.LocalInference inference) {
    this(grid, meters, inference, ScalingWiring.kubernetesFromEnvironment());
  }

  /** @param kubernetes the client for {@code scaling.actuator=kubernetes} (tests pass their mock server's) */
  public ScalingVerticle(Grid grid, MeterRegistry meters, ScalingWiring.LocalInference inference,
                         Supplier<KubernetesClient> kubernetes) {
    this.grid = grid;
    this.meters = meters;
    this.inference = inference;
    this.kubernetes = kubernetes;
  }

  @Override
  public Future<?> start() {
    nodeId = Settings.NODE_ID.from(config());
    reportInterval = Settings.REPORT_INTERVAL_MS.from(config());
    long leaseMs = Settings.SCALING_LEASE_MS.from(config());
    try {
      ConfigLoader.checkScalerLease(Settings.SCALING_INTERVAL_MS.from(config()), (int) leaseMs, "");
      ScalingWiring.Wired wired = ScalingWiring.wire(vertx, config(), inference, kubernetes);
      policies = wired.policies();
      actuator = wired.actuator();
    } catch (IllegalArgumentException | ConfigException e) {
      return Future.failedFuture(e);
    }
    lease = new ScalerLease(grid, nodeId, leaseMs, context);
    store = ScalingDecisionStore.createIfConfigured(vertx, config());
    recorder = new DecisionRecorder(vertx, meters, new DecisionLog(grid, context), store);
    loadConsumer = vertx.eventBus().consumer(Addresses.LOAD_REPORTS, m -> loads.put(m.body().nodeId(), m.body()));
    threatConsumer = vertx.eventBus().consumer(Addresses.THREAT_REPORTS, m -> onThreatReport(m.body()));
    timer = vertx.setPeriodic(Settings.SCALING_INTERVAL_MS.from(config()), id -> tick());
    return Future.join(loadConsumer.completion(), threatConsumer.completion()).onSuccess(v ->
      LOG.info("scaler on node {}: policies from {}, actuator {}, lease {} ms, reconciling every {} ms", nodeId,
        policies.describe(), actuator.kind(), leaseMs, Settings.SCALING_INTERVAL_MS.from(config())));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    Future<Boolean> released = active ? lease.release().recover(failure -> Future.succeededFuture(false))
      : Future.succeededFuture(false);
    return Future.join(loadConsumer.unregister(), threatConsumer.unregister(), released)
      .compose(v -> actuator.close())
      .compose(v -> policies.close())
      .compose(v -> store == null ? Future.succeededFuture() : store.close());
  }

  /** A report that raises the highest level reconciles at once instead of waiting for the tick. */
  private void onThreatReport(ThreatReport report) {
    ThreatLevel before = highest();
    threats.put(report.nodeId(), report);
    if (report.highest().compareTo(before) > 0 && active && System.currentTimeMillis() < activeUntil) {
      LOG.info("threat picture rose from {} to {} (report from {}): reconciling now", before, report.highest(),
        report.nodeId());
      reconcile(true);
    }
  }

  private ThreatLevel highest() {
    return threats.values().stream().map(ThreatReport::highest).max(Enum::compareTo).orElse(ThreatLevel.Benign);
  }

  private void tick() {
    long now = System.currentTimeMillis();
    long staleBefore = now - 3 * reportInterval;
    loads.values().removeIf(r -> r.reportedAt() < staleBefore);
    threats.values().removeIf(r -> r.reportedAt() < staleBefore);
    Observation seen = Observation.of(loads.values(), threats.values(), now);
    reconcilers.values().forEach(r -> r.record(seen));
    lease.tryHold().onComplete(held -> {
      boolean holds = held.succeeded() && nodeId.equals(held.result());
      if (holds != active) {
        LOG.info(holds ? "scaler on node {} is now the active scaler" : "scaler on node {} is standing by ({})",
          nodeId, held.succeeded() ? "active scaler: " + held.result() : "grid unreachable: " + held.cause());
      }
      if (holds && !active) {
        reconcilers.values().forEach(Reconciler::activated);
      }
      if (active && !holds) {
        actuator.standDown().onFailure(failure -> LOG.warn("standing down failed: {}", failure.toString()));
      }
      active = holds;
      activeUntil = holds ? now + Settings.SCALING_LEASE_MS.from(config()) : 0;
      refreshPolicies().onSuccess(v -> {
        if (active) {
          reconcile(false);
        }
      });
    });
  }

  /**
   * Keeps one reconciler per policy; a changed policy starts afresh (its window seeded with the current count, so a
   * change does not scale down at once), a deleted one stops being reconciled.
   */
  private Future<Void> refreshPolicies() {
    return policies.policies().onSuccess(current -> {
      Set<String> keys = new HashSet<>();
      for (ThreatScalePolicy policy : current) {
        keys.add(policy.key());
        Reconciler existing = reconcilers.get(policy.key());
        if (existing == null || !existing.policy().equals(policy)) {
          reconcilers.put(policy.key(), new Reconciler(policy));
        }
      }
      reconcilers.keySet().removeIf(key -> {
        boolean gone = !keys.contains(key);
        if (gone) {
          LOG.info("scaling policy {} is gone: no longer reconciled", key);
          recorder.forget(key);
        }
        return gone;
      });
    }).onFailure(failure -> LOG.warn("scaling policies could not be read from {}: {}", policies.describe(),
      failure.toString())).mapEmpty();
  }

  /** One pass over every policy, one at a time; a pass asked for while one runs follows it. */
  private void reconcile(boolean escalation) {
    if (reconciling) {
      again = true;
      againForEscalation |= escalation;
      return;
    }
    reconciling = true;
    Observation seen = Observation.of(loads.values(), threats.values(), System.currentTimeMillis());
    Future<Void> pass = Future.succeededFuture();
    for (Reconciler reconciler : new ArrayList<>(reconcilers.values())) {
      pass = pass.compose(v -> reconcileOne(reconciler, seen, escalation));
    }
    pass.onComplete(done -> {
      reconciling = false;
      if (again) {
        boolean forEscalation = againForEscalation;
        again = false;
        againForEscalation = false;
        reconcile(forEscalation);
      }
    });
  }

  private Future<Void> reconcileOne(Reconciler reconciler, Observation seen, boolean escalation) {
    ThreatScalePolicy policy = reconciler.policy();
    return actuator.currentReplicas(policy).compose(current -> {
      ScalingDecision decision = reconciler.decide(seen, current, nodeId);
      if (!decision.scales()) {
        return Future.succeededFuture(decision);
      }
      long calledAt = System.currentTimeMillis();
      return actuator.scaleTo(policy, decision.desiredReplicas())
        .map(now -> decision.actuated(now == decision.desiredReplicas() ? "scaled"
          : "partial: " + now + " of " + decision.desiredReplicas(), calledAt))
        .recover(failure -> Future.succeededFuture(decision.actuated("failed: " + failure.getMessage(), calledAt)));
    }).compose(decision -> {
      recorder.record(decision, escalation);
      return policies.reportStatus(policy, decision).recover(failure -> {
        LOG.warn("status of scaling policy {} not written: {}", policy.key(), failure.toString());
        return Future.succeededFuture();
      });
    }).recover(failure -> {
      LOG.warn("scaling policy {} not reconciled: {}", policy.key(), failure.toString());
      return Future.succeededFuture();
    });
  }

  /** For tests and the bench: the policies this scaler reconciles. */
  List<ThreatScalePolicy> reconciled() {
    return reconcilers.values().stream().map(Reconciler::policy).toList();
  }
}
