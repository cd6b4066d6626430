package kraken.tactical;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactUpdate;
import kraken.grid.Grid;
import kraken.grid.GridMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sensor health ({@link GridMap#SENSOR_HEALTH}): each tactical node notes, per instrument, what its folds saw (on its
 * event loop, no grid call per batch) and merges that into the shared map once per flush, one submission for all
 * instruments. Any node reads the same answer.
 *
 * <p>A contact update names its sensors but counts its readings as a whole, so when one update names several
 * sensors (cross-sensor association), each of them is credited with all of its readings: the counts are then an
 * upper bound per instrument. Today every contact is one sensor's, and the counts are exact.
 */
public final class SensorHealthTracker {

  private final Vertx vertx;
  private final IMap<String, SensorHealth> health;
  private final long staleMs;
  private Map<String, Noted> noted = new HashMap<>();

  /** What this node saw of one instrument since its last flush. */
  private static final class Noted {
    final Set<String> kinds = new LinkedHashSet<>();
    final Set<String> tracks = new LinkedHashSet<>();
    long readings;
    long lastReadingAt;
  }

  public SensorHealthTracker(Vertx vertx, Grid grid, long staleMs) {
    this.vertx = vertx;
    this.health = grid.map(GridMap.SENSOR_HEALTH);
    this.staleMs = staleMs;
  }

  /** Notes a folded batch's sensors; call on the owning event loop. */
  void observe(List<ContactUpdate> updates) {
    for (ContactUpdate update : updates) {
      for (String sensorId : update.sensorIds()) {
        Noted n = noted.computeIfAbsent(SensorHealth.instrumentOf(sensorId), k -> new Noted());
        n.kinds.addAll(update.sensorKinds());
        String track = SensorHealth.trackOf(sensorId);
        if (track != null && n.tracks.size() < SensorHealth.MAX_TRACKS) {
          n.tracks.add(track);
        }
        n.readings += update.readingCount();
        n.lastReadingAt = Math.max(n.lastReadingAt, update.lastReadingAt());
      }
    }
  }

  /** Merges what was noted since the last flush into the shared map, as seen at {@code now} (picture time). */
  Future<Void> flush(long now) {
    if (noted.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, Noted> flushing = noted;
    noted = new HashMap<>();
    Map<String, SensorHealthFold.Seen> seen = new HashMap<>(flushing.size() * 2);
    flushing.forEach((instrument, n) -> seen.put(instrument, new SensorHealthFold.Seen(List.copyOf(n.kinds),
      List.copyOf(n.tracks), n.readings, now, n.lastReadingAt)));
    return Future.fromCompletionStage(health.submitToKeys(seen.keySet(), new SensorHealthFold(seen)),
      vertx.getOrCreateContext()).mapEmpty();
  }

  /** Every instrument's health. */
  Future<Collection<SensorHealth>> all() {
    return vertx.executeBlocking(() -> new ArrayList<>(health.values()), false);
  }

  /** Removes the instruments named that are still silent since before the cutoff; answers those removed. */
  Future<List<String>> forget(Set<String> instruments, long cutoff) {
    if (instruments.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return Future.fromCompletionStage(health.submitToKeys(instruments, new SensorHealthFold.ForgetSilent(cutoff)),
      vertx.getOrCreateContext()).map(removed -> removed.entrySet().stream().filter(e -> Boolean.TRUE.equals(e.getValue()))
      .map(Map.Entry::getKey).sorted().toList());
  }

  /** {@code GET /api/v1/sensors/health}: every instrument by name, with its status at {@code now}. */
  public Future<JsonObject> report(long now) {
    return all().map(list -> {
      JsonArray sensors = new JsonArray();
      list.stream().sorted(Comparator.comparing(SensorHealth::instrument))
        .forEach(h -> sensors.add(h.toJson(now, staleMs)));
      long stale = list.stream().filter(h -> h.staleAt(now, staleMs)).count();
      return new JsonObject().put("timestamp", now).put("staleAfterMs", staleMs).put("count", sensors.size())
        .put("stale", stale).put("sensors", sensors);
    });
  }

  long staleMs() {
    return staleMs;
  }
}
