package kraken.tactical;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.bus.Addresses;
import kraken.grid.Grid;
import kraken.grid.GridMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The active system alerts, in a Hazelcast map shared by every tactical node ({@link GridMap#SYSTEM_ALERTS}). Any
 * node may raise or clear an alert; the map's atomic operations decide which node changed it, and only that node
 * publishes the change on {@link Addresses#ALERTS}, so consoles hear of each change once.
 */
public final class SystemAlerts {

  private static final Logger LOG = LoggerFactory.getLogger(SystemAlerts.class);

  private final Vertx vertx;
  private final IMap<String, SystemAlert> alerts;

  public SystemAlerts(Vertx vertx, Grid grid) {
    this.vertx = vertx;
    this.alerts = grid.map(GridMap.SYSTEM_ALERTS);
  }

  /**
   * Raises the alert, or changes it if it says something else now (keeping its {@code since}); with
   * {@code confirm}, an alert that says the same has its {@code updatedAt} moved to now, without a message to
   * consoles. Answers whether consoles were told.
   */
  Future<Boolean> raise(String id, String kind, String severity, String message, boolean confirm) {
    return vertx.executeBlocking(() -> {
      long now = System.currentTimeMillis();
      SystemAlert existing = alerts.get(id);
      if (existing == null) {
        SystemAlert raised = new SystemAlert(id, kind, severity, message, now, now);
        if (alerts.putIfAbsent(id, raised) == null) {
          LOG.warn("system alert raised: {} ({}): {}", id, severity, message);
          publish("raised", raised);
          return true;
        }
        return false;
      }
      boolean same = existing.saysTheSameAs(severity, message);
      if (same && !confirm) {
        return false;
      }
      SystemAlert updated = existing.updated(severity, message, now);
      if (alerts.replace(id, existing, updated) && !same) {
        LOG.info("system alert updated: {} ({}): {}", id, severity, message);
        publish("updated", updated);
        return true;
      }
      return false;
    }, false);
  }

  /** Clears the alert if it is active; answers whether this call cleared it. */
  Future<Boolean> clear(String id) {
    return vertx.executeBlocking(() -> {
      SystemAlert cleared = alerts.remove(id);
      if (cleared != null) {
        LOG.info("system alert cleared: {} (raised at {})", id, cleared.since());
        publish("cleared", cleared);
      }
      return cleared != null;
    }, false);
  }

  /** Every active alert, most severe first, then oldest first. */
  public Future<List<SystemAlert>> all() {
    return vertx.executeBlocking(() -> {
      List<SystemAlert> list = new ArrayList<>(alerts.values());
      list.sort(SystemAlert.MOST_SEVERE_FIRST);
      return list;
    }, false);
  }

  /** Every active alert as JSON, in the order of {@link #all()}. */
  public Future<JsonArray> json() {
    return all().map(list -> {
      JsonArray array = new JsonArray();
      list.forEach(alert -> array.add(alert.toJson()));
      return array;
    });
  }

  private void publish(String change, SystemAlert alert) {
    vertx.eventBus().publish(Addresses.ALERTS, new JsonObject().put("type", change).put("alert", alert.toJson()));
  }
}
