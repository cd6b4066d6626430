package kraken.tactical;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.bus.Addresses;
import kraken.grid.Grid;
import kraken.grid.GridMap;
import kraken.tactical.picture.Association;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stale contacts age out: a periodic sweep on each tactical node removes the contacts not updated for the
 * time to live, on every member that owns some (the sorted {@code updatedAt} index, queried by each owner), so
 * contacts owned by members that run no tactical verticle age out too. Every tactical node sweeps the whole map;
 * each removal is conditional ({@link RemoveIfStale}), so a contact updated between the query and the removal stays
 * and a contact two sweeps reach at once is removed, and announced, once. The removed contacts' track
 * bindings are released (a returning track is associated anew) and {@code {"removed": [ids]}} goes to consoles on
 * {@link Addresses#PICTURE_DELTA}.
 */
final class ContactAgeOut {

  static final long MIN_SWEEP_MS = 250;
  static final long MAX_SWEEP_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(ContactAgeOut.class);

  private final Vertx vertx;
  private final IMap<String, Contact> contacts;
  private final Association association;
  private final long ttlMs;
  private final Counter agedOut;
  private long timer = -1;
  private boolean sweeping;

  ContactAgeOut(Vertx vertx, Grid grid, Association association, long ttlMs, Counter agedOut) {
    this.vertx = vertx;
    this.contacts = grid.map(GridMap.CONTACTS);
    this.association = association;
    this.ttlMs = ttlMs;
    this.agedOut = agedOut;
  }

  /** A tenth of the time to live, so a contact outlives it by at most a tenth, within [250 ms, 10 s]. */
  static long sweepPeriodMs(long ttlMs) {
    return Math.min(MAX_SWEEP_MS, Math.max(MIN_SWEEP_MS, ttlMs / 10));
  }

  void start() {
    timer = vertx.setPeriodic(sweepPeriodMs(ttlMs), id -> sweep());
    LOG.info("contacts not updated for {} ms age out (swept every {} ms)", ttlMs, sweepPeriodMs(ttlMs));
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** One sweep (skipped while the previous one runs); answers the ids it removed. */
  Future<List<String>> sweep() {
    if (sweeping) {
      return Future.succeededFuture(List.of());
    }
    sweeping = true;
    long cutoff = System.currentTimeMillis() - ttlMs;
    return vertx.executeBlocking(() -> removeStale(cutoff), false)
      .compose(removed -> association.release(removed).map(removed))
      .onSuccess(this::announce)
      .onFailure(failure -> LOG.warn("contact age-out sweep failed (tried again in {} ms): {}",
        sweepPeriodMs(ttlMs), failure.toString()))
      .onComplete(done -> sweeping = false);
  }

  /**
   * Runs the conditional removal on every member that owns stale contacts, tactical or not (in the k8s layout ingest,
   * inference and scaling pods are data members too), and answers only the ids whose removal actually ran: when two
   * tactical nodes sweep at once, each contact is removed, and announced, by one of them.
   */
  private List<String> removeStale(long cutoff) {
    Map<String, Boolean> outcomes = contacts.executeOnEntries(new RemoveIfStale(cutoff),
      Predicates.lessThan(Contact.UPDATED_ATTRIBUTE, cutoff));
    List<String> removed = new ArrayList<>();
    outcomes.forEach((id, done) -> {
      if (Boolean.TRUE.equals(done)) {
        removed.add(id);
      }
    });
    return removed;
  }

  private void announce(List<String> removed) {
    if (removed.isEmpty()) {
      return;
    }
    agedOut.increment(removed.size());
    LOG.info("{} contacts aged out (not updated for {} ms): {}", removed.size(), ttlMs,
      removed.size() <= 10 ? removed : removed.subList(0, 10) + " ...");
    vertx.eventBus().publish(Addresses.PICTURE_DELTA, new JsonObject().put("removed", new JsonArray(removed)));
  }
}
