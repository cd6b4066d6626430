package kraken.tactical;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactUpdate;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.ops.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Raises and clears the system alerts a tactical node can see, every {@link #TICK_MS}: stale sensor instruments
 * (from the shared sensor health, which it flushes first), degraded inference (the degraded assessments this node
 * folded within {@code tactical.degradedWindowMs}), this node's persistence outage, and lost cluster members (from
 * Hazelcast's membership events; cleared when a member joins or after {@code tactical.memberLostAlertMs}). Every
 * tactical node runs one; the shared map keeps each alert once.
 */
final class AlertWatch {

  static final long TICK_MS = 250;
  static final String SENSOR_STALE = "sensor_stale";
  static final String INFERENCE_DEGRADED = "inference_degraded";
  static final String MEMBER_LOST = "member_lost";
  static final String PERSISTENCE_OUTAGE = "persistence_outage";
  private static final Logger LOG = LoggerFactory.getLogger(AlertWatch.class);

  private final Vertx vertx;
  private final Context context;
  private final Grid grid;
  private final SystemAlerts alerts;
  private final SensorHealthTracker health;
  private final Supplier<Outage> outage;
  private final String nodeId;
  private final long forgetMs;
  private final long degradedWindowMs;
  private final long memberLostMs;
  /** Degraded assessments folded here: (folded at, reason), oldest first, trimmed to the window each tick. */
  private final ArrayDeque<Degraded> degraded = new ArrayDeque<>();
  private final long timer;
  private final UUID membership;
  private boolean ticking;
  private volatile int active;

  private record Degraded(long at, String reason) {
  }

  AlertWatch(Vertx vertx, Grid grid, JsonObject config, MeterRegistry meters, Supplier<Outage> outage) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.grid = grid;
    this.alerts = new SystemAlerts(vertx, grid);
    this.health = new SensorHealthTracker(vertx, grid, Settings.TACTICAL_SENSOR_STALE_MS.from(config));
    this.outage = outage;
    this.nodeId = Settings.NODE_ID.from(config);
    this.forgetMs = Settings.TACTICAL_SENSOR_FORGET_MS.from(config);
    this.degradedWindowMs = Settings.TACTICAL_DEGRADED_WINDOW_MS.from(config);
    this.memberLostMs = Settings.TACTICAL_MEMBER_LOST_ALERT_MS.from(config);
    Meters.alertsActive(meters, () -> active);
    this.membership = grid.onMembership(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        context.runOnContext(v -> memberJoined(event));
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        context.runOnContext(v -> memberLost(event));
      }
    });
    this.timer = vertx.setPeriodic(TICK_MS, id -> tick());
  }

  /** Notes a folded batch: its sensors for sensor health, its degraded assessments for the inference alert. */
  void observe(List<ContactUpdate> updates, long foldedAt) {
    health.observe(updates);
    for (ContactUpdate update : updates) {
      if (update.assessment().degraded()) {
        String reason = update.assessment().degradedReason();
        degraded.addLast(new Degraded(foldedAt, reason == null ? "unknown" : reason));
      }
    }
  }

  void stop() {
    vertx.cancelTimer(timer);
    grid.stopMembership(membership);
  }

  private void tick() {
    if (ticking) {
      return;
    }
    ticking = true;
    long now = System.currentTimeMillis();
    health.flush(now).recover(failure -> {
        LOG.warn("sensor health flush failed (its counts are lost, the next flush goes on): {}", failure.toString());
        return Future.succeededFuture();
      })
      .compose(v -> Future.all(health.all(), alerts.all()))
      .compose(both -> {
        Collection<SensorHealth> sensors = both.resultAt(0);
        List<SystemAlert> current = both.resultAt(1);
        List<Future<?>> changes = new ArrayList<>();
        changes.add(sensorAlerts(sensors, current, now));
        changes.add(degradedAlert(current, now));
        changes.add(persistenceAlert(current));
        current.stream().filter(a -> a.kind().equals(MEMBER_LOST) && now - a.since() > memberLostMs)
          .forEach(a -> changes.add(alerts.clear(a.id())));
        return Future.join(changes);
      })
      .compose(v -> alerts.all())
      .onSuccess(list -> active = list.size())
      .onFailure(failure -> LOG.warn("system alert check failed: {}", failure.toString()))
      .onComplete(done -> ticking = false);
  }

  private Future<?> sensorAlerts(Collection<SensorHealth> sensors, List<SystemAlert> current, long now) {
    List<Future<?>> changes = new ArrayList<>();
    Set<String> stale = new HashSet<>();
    Set<String> silentLong = new HashSet<>();
    Map<String, SystemAlert> byId = new HashMap<>();
    current.forEach(a -> byId.put(a.id(), a));
    for (SensorHealth h : sensors) {
      if (now - h.lastSeenAt() > forgetMs) {
        silentLong.add(h.instrument());
      } else if (h.staleAt(now, health.staleMs())) {
        stale.add(h.instrument());
        String id = SENSOR_STALE + ":" + h.instrument();
        String message = "sensor " + h.instrument() + " has sent nothing since " + Instant.ofEpochMilli(h.lastSeenAt())
          + " (stale after " + health.staleMs() + " ms, tactical.sensorStaleMs)";
        SystemAlert known = byId.get(id);
        // the alert already says so: no grid call per stale sensor per tick
        if (known == null || !known.saysTheSameAs("warning", message)) {
          changes.add(alerts.raise(id, SENSOR_STALE, "warning", message, false));
        }
      }
    }
    for (SystemAlert alert : current) {
      if (alert.kind().equals(SENSOR_STALE) && !stale.contains(alert.id().substring(SENSOR_STALE.length() + 1))) {
        changes.add(alerts.clear(alert.id()));
      }
    }
    changes.add(health.forget(silentLong, now - forgetMs).onSuccess(removed -> {
      if (!removed.isEmpty()) {
        LOG.info("sensor health: forgot {} (silent for over {} ms, tactical.sensorForgetMs)", removed, forgetMs);
      }
    }));
    return Future.join(changes);
  }

  private Future<?> degradedAlert(List<SystemAlert> current, long now) {
    while (!degraded.isEmpty() && degraded.peekFirst().at() < now - degradedWindowMs) {
      degraded.pollFirst();
    }
    String id = INFERENCE_DEGRADED + ":" + nodeId;
    List<Future<?>> changes = new ArrayList<>();
    if (!degraded.isEmpty()) {
      // per node, and a message that changes only when the set of reasons does: a sliding count rewritten by every
      // node each tick would publish "updated" to consoles four times a second (the counts are in
      // kraken_inference_degraded_total{reason}); confirming moves updatedAt without telling consoles
      Set<String> reasons = new TreeSet<>();
      degraded.forEach(d -> reasons.add(d.reason()));
      String message = "node " + nodeId + " folded degraded assessments (the rules answered for the models) within "
        + "the last " + degradedWindowMs + " ms (tactical.degradedWindowMs); reasons: " + String.join(", ", reasons);
      changes.add(alerts.raise(id, INFERENCE_DEGRADED, "warning", message, true));
    }
    // any node clears any node's alert not confirmed for the window: so goes the alert of a node that died
    current.stream().filter(a -> a.kind().equals(INFERENCE_DEGRADED) && now - a.updatedAt() > degradedWindowMs)
      .filter(a -> degraded.isEmpty() || !a.id().equals(id))
      .forEach(a -> changes.add(alerts.clear(a.id())));
    return Future.join(changes);
  }

  private Future<?> persistenceAlert(List<SystemAlert> current) {
    String id = PERSISTENCE_OUTAGE + ":" + nodeId;
    Outage out = outage.get();
    if (out != null) {
      // the rows buffered change all the time: they are in kraken_persistence_buffered_rows, not in the message
      String message = "node " + nodeId + " cannot write the picture to PostgreSQL since "
        + Instant.ofEpochMilli(out.since()) + ": " + out.lastError() + "; assessments wait in memory "
        + "(kraken_persistence_buffered_rows) and operator records in the grid (kraken_operator_records_pending), "
        + "and are written when it answers";
      boolean known = current.stream().anyMatch(a -> a.id().equals(id) && a.saysTheSameAs("critical", message));
      return known ? Future.succeededFuture() : alerts.raise(id, PERSISTENCE_OUTAGE, "critical", message, false);
    }
    return current.stream().anyMatch(a -> a.id().equals(id)) ? alerts.clear(id) : Future.succeededFuture();
  }

  private void memberLost(MembershipEvent event) {
    alerts.raise(MEMBER_LOST + ":" + event.getMember().getUuid(), MEMBER_LOST, "critical", "cluster member "
        + event.getMember().getAddress() + " (" + event.getMember().getUuid() + ") left or was lost; "
        + event.getMembers().size() + " members remain", false)
      .onFailure(failure -> LOG.warn("lost-member alert not raised: {}", failure.toString()));
  }

  /** A member joining means the cluster is whole again, as far as this node can tell: every lost-member alert clears. */
  private void memberJoined(MembershipEvent event) {
    alerts.all().compose(list -> Future.join(list.stream().filter(a -> a.kind().equals(MEMBER_LOST))
        .map(a -> alerts.clear(a.id())).toList()))
      .onFailure(failure -> LOG.warn("lost-member alerts not cleared on {} joining: {}", event.getMember().getAddress(),
        failure.toString()));
  }
}
