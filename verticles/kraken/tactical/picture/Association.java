package kraken.tactical.picture;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import kraken.bus.ContactUpdate;
import kraken.bus.Observation;
import kraken.grid.Grid;
import kraken.grid.GridMap;
import kraken.tactical.Contact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Puts each sensor track's update into the contact its track is bound to. Inference sends one update per sensor
 * track ({@code C-<sensorId>}); a bound track's update is re-addressed to its contact; an unbound track whose
 * readings measured a bearing or a position is gated against the contacts seen within the window
 * ({@link Assignment}) and bound to the contact it joins, or to a new contact {@code C-<sensorId>} it founds.
 * Bindings live in a grid map, so every tactical node folds a track into the same contact; the first binding
 * written wins: every write is conditional (putIfAbsent, remove(key, value)), so two batches deciding at once agree
 * and neither undoes the other's binding. Updates without geometry keep {@code C-<sensorId>}
 * and bind nothing. Bindings are sticky until proven wrong: a track bound to another contact whose newest associable
 * observation falls outside that contact's gate {@link #MISSES_TO_RELEASE} updates in a row is released and
 * associated again as a new track in the same batch (it joins another contact or founds its own); and
 * {@link #release} drops the bindings of contacts that aged out.
 */
public final class Association {

  /**
   * Gate misses in a row after which a bound track is released: one miss can be noise or a manoeuvre the filter has
   * not caught up with; three in a row (as for a join, {@link Pending#CONFIRMATIONS}) rarely are.
   */
  public static final int MISSES_TO_RELEASE = 3;
  /** Bindings-map key prefix of a bound track's run of gate misses ({@code !<sensorId>} -> count). */
  static final String MISSES_PREFIX = "!";
  /** Conditional writes of one decision before it yields to the binding that won (each retry follows a change). */
  private static final int MAX_WRITE_ATTEMPTS = 5;

  private final Vertx vertx;
  private final IMap<String, Contact> contacts;
  private final IMap<String, String> bindings;
  private final LocalPlane plane;
  private final long windowMs;
  private final long transientTtlMs;

  public Association(Vertx vertx, Grid grid, TrackSettings tracking, long windowMs) {
    this.vertx = vertx;
    this.contacts = grid.map(GridMap.CONTACTS);
    this.bindings = grid.map(GridMap.TRACK_BINDINGS);
    this.plane = tracking.plane();
    this.windowMs = windowMs;
    this.transientTtlMs = transientTtlMs(windowMs);
  }

  /**
   * Time to live of pending joins and miss counters: twice the longer of the association window and the
   * confirmation span, so a run in progress survives its gaps, while the entries of a track that vanished (its
   * contact aged out, or it never joined) expire instead of staying forever ({@link #release} drops bindings only).
   */
  public static long transientTtlMs(long windowMs) {
    return 2 * Math.max(windowMs, Pending.CONFIRMATION_SPAN_MS);
  }

  /** The updates, each addressed to the contact its sensor track belongs to (same order). */
  public Future<List<ContactUpdate>> resolve(List<ContactUpdate> updates) {
    Context context = vertx.getOrCreateContext();
    List<Future<String>> bound = new ArrayList<>(updates.size());
    for (ContactUpdate u : updates) {
      String track = trackOf(u);
      bound.add(track == null ? Future.succeededFuture(null)
        : Future.fromCompletionStage(bindings.getAsync(track), context));
    }
    return Future.all(bound).compose(all -> {
      List<String> binding = new ArrayList<>(updates.size());
      bound.forEach(b -> binding.add(b.result()));
      return releaseMisses(updates, binding);
    }).compose(binding -> {
      List<Assignment.NewTrack> fresh = new ArrayList<>();
      for (int i = 0; i < updates.size(); i++) {
        ContactUpdate u = updates.get(i);
        if (!isBinding(binding.get(i)) && trackOf(u) != null
          && u.observations().stream().anyMatch(Gate::associable)) {
          fresh.add(new Assignment.NewTrack(trackOf(u), u.observations()));
        }
      }
      if (fresh.isEmpty()) {
        return Future.succeededFuture(readdressed(updates, binding, Map.of()));
      }
      return decide(fresh).map(decided -> readdressed(updates, binding, decided));
    });
  }

  /**
   * Gates each track bound to another contact against that contact, and counts the misses in a row in the bindings
   * map (so every node counts the same run); a hit ends the run. A track at {@link #MISSES_TO_RELEASE} misses loses
   * its binding (only if it still binds to that contact) and comes back as unbound in the answer. One grid query
   * per batch, and only when a batch holds such a track with a bearing or a position.
   */
  private Future<List<String>> releaseMisses(List<ContactUpdate> updates, List<String> binding) {
    Map<String, Integer> checked = new java.util.HashMap<>();
    for (int i = 0; i < updates.size(); i++) {
      String track = trackOf(updates.get(i));
      String contact = binding.get(i);
      if (track != null && isBinding(contact) && !contact.equals("C-" + track)
        && updates.get(i).observations().stream().anyMatch(Gate::associable)) {
        checked.put(track, i);
      }
    }
    if (checked.isEmpty()) {
      return Future.succeededFuture(binding);
    }
    return vertx.executeBlocking(() -> {
      java.util.Set<String> contactIds = new java.util.HashSet<>();
      checked.values().forEach(i -> contactIds.add(binding.get(i)));
      Map<String, Candidate> byId = new java.util.HashMap<>();
      contacts.project(new CandidateProjection(), Predicates.in("__key", contactIds.toArray(String[]::new)))
        .forEach(c -> byId.put(c.contactId(), c));
      Map<String, String> runs = bindings.getAll(checked.keySet().stream().map(t -> MISSES_PREFIX + t)
        .collect(java.util.stream.Collectors.toSet()));
      List<String> out = new ArrayList<>(binding);
      checked.forEach((track, i) -> {
        String contact = binding.get(i);
        Candidate candidate = byId.get(contact);
        String runKey = MISSES_PREFIX + track;
        int run = runs.containsKey(runKey) ? Integer.parseInt(runs.get(runKey)) : 0;
        if (candidate == null) {
          return; // the contact aged out: release() drops this binding
        }
        if (!misses(candidate, updates.get(i))) {
          if (run > 0) {
            bindings.remove(runKey);
          }
        } else if (run + 1 < MISSES_TO_RELEASE) {
          bindings.put(runKey, Integer.toString(run + 1), transientTtlMs, TimeUnit.MILLISECONDS);
        } else {
          bindings.remove(runKey);
          bindings.remove(track, contact);
          out.set(i, null);
        }
      });
      return out;
    }, false);
  }

  /** Whether the update's newest bearing or position falls outside the contact's gate (no shared geometry: no). */
  private boolean misses(Candidate contact, ContactUpdate update) {
    Observation newest = update.observations().stream().filter(Gate::associable)
      .max(java.util.Comparator.comparingLong(Observation::at)).orElseThrow();
    if (contact.track() == null || contact.track().isEmpty()) {
      return false;
    }
    Gate.Point point = Gate.point(newest, plane);
    if (point == null && !contact.track().positioned()) {
      return false; // bearing against bearing: gateCost cannot tell, so it is no evidence of a wrong binding
    }
    return contact.track().gateCost(newest, plane) == null;
  }

  /** Decides the new tracks and writes their bindings; a binding another node wrote first wins. */
  private Future<Map<String, String>> decide(List<Assignment.NewTrack> fresh) {
    long earliest = fresh.stream().flatMap(t -> t.observations().stream()).mapToLong(Observation::at).min().orElse(0);
    return vertx.executeBlocking(() -> {
      Collection<Candidate> candidates = contacts.project(new CandidateProjection(),
        Predicates.greaterEqual(Contact.LAST_SEEN_ATTRIBUTE, earliest - windowMs));
      Map<String, Assignment.Decision> decisions = Assignment.decide(fresh, new ArrayList<>(candidates), plane, windowMs);
      Map<String, String> contactOf = new java.util.HashMap<>();
      Map<String, Long> newestAt = new java.util.HashMap<>();
      fresh.forEach(t -> newestAt.put(t.sensorId(), t.observations().stream().mapToLong(Observation::at).max()
        .orElse(0)));
      decisions.forEach((track, decision) -> {
        String contact = settle(track, decision, newestAt.get(track));
        if (contact != null) {
          contactOf.put(track, contact);
        }
      });
      return contactOf;
    }, false);
  }

  /**
   * Writes one new track's decision with conditional writes only, so a concurrent batch (another worker, another node)
   * never loses its write to ours: a write that fails because the entry changed since it was read is decided again
   * on the new value, and a binding someone else wrote wins. Pending joins are written with a time to live
   * ({@link #transientTtlMs}), so those of tracks that fall silent do not stay forever; a confirmed binding has none
   * (it goes with {@link #release}). Answers the contact the track is bound to, or null while it is not bound.
   */
  private String settle(String track, Assignment.Decision decision, long newestAt) {
    for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      String earlier = bindings.get(track);
      if (isBinding(earlier)) {
        return earlier;
      }
      if (decision.kind() == Assignment.Kind.FOUNDED && earlier == null) {
        if (bindings.putIfAbsent(track, decision.contactId()) == null) {
          bindings.remove(MISSES_PREFIX + track); // a run of misses against a contact that aged out ends here
          return decision.contactId();
        }
      } else if (decision.kind() == Assignment.Kind.JOINED) {
        Pending next = Pending.after(earlier, decision.contactId(), newestAt);
        if (next.confirmed()) {
          // remove-then-insert rather than replace: the binding must not keep the pending entry's time to live
          if ((earlier == null || bindings.remove(track, earlier))
            && bindings.putIfAbsent(track, decision.contactId()) == null) {
            bindings.remove(MISSES_PREFIX + track);
            return decision.contactId();
          }
        } else if ((earlier == null || bindings.remove(track, earlier))
          && bindings.putIfAbsent(track, next.encode(), transientTtlMs, TimeUnit.MILLISECONDS) == null) {
          return null;
        }
      } else if (earlier == null || bindings.remove(track, earlier)) {
        return null; // a miss or an ambiguity ends a run of agreeing gates
      }
    }
    String last = bindings.get(track); // still contended: take whatever binding won, decide again next update
    return isBinding(last) ? last : null;
  }

  private static List<ContactUpdate> readdressed(List<ContactUpdate> updates, List<String> bound,
                                                 Map<String, String> decided) {
    List<ContactUpdate> out = new ArrayList<>(updates.size());
    for (int i = 0; i < updates.size(); i++) {
      ContactUpdate u = updates.get(i);
      String contact = isBinding(bound.get(i)) ? bound.get(i) : null;
      if (contact == null && trackOf(u) != null) {
        contact = decided.get(trackOf(u));
      }
      out.add(contact == null || contact.equals(u.contactId()) ? u
        : u.withAssessment(u.assessment().forContact(contact)));
    }
    return out;
  }

  /** Drops the bindings of sensor tracks into the given contacts (they aged out); a track returning is new again. */
  public Future<Void> release(Collection<String> contactIds) {
    if (contactIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      bindings.removeAll(Predicates.in("this", contactIds.toArray(String[]::new)));
      return null;
    }, false);
  }

  /** Whether a bindings entry binds (rather than recording a pending join). */
  private static boolean isBinding(String value) {
    return value != null && !value.startsWith(Pending.PREFIX);
  }

  /**
   * A join not yet made: a new track binds to a contact only after {@link #CONFIRMATIONS} updates in a row gated
   * into that same contact, spread over at least {@link #CONFIRMATION_SPAN_MS} of sensor time (one bearing can
   * fall in a wrong contact's gate by chance; a run of them over time, as bearings drift apart, rarely does).
   * Meanwhile its readings stay in its own contact {@code C-<sensorId>}. Kept in the bindings map as
   * {@code ?<contactId>|<count>|<firstAt>}, so every tactical node counts the same run.
   */
  record Pending(String contactId, int count, long firstAt, long at) {
    static final String PREFIX = "?";
    static final int CONFIRMATIONS = 3;
    static final long CONFIRMATION_SPAN_MS = 15_000;

    static Pending after(String stored, String contactId, long at) {
      if (stored != null && stored.startsWith(PREFIX)) {
        String[] parts = stored.substring(1).split("\\|");
        if (parts.length == 3 && parts[0].equals(contactId)) {
          return new Pending(contactId, Integer.parseInt(parts[1]) + 1, Long.parseLong(parts[2]), at);
        }
      }
      return new Pending(contactId, 1, at, at);
    }

    boolean confirmed() {
      return count >= CONFIRMATIONS && at - firstAt >= CONFIRMATION_SPAN_MS;
    }

    String encode() {
      return PREFIX + contactId + "|" + count + "|" + firstAt;
    }
  }

  /** The sensor track an update stands for, when it is one track's update as inference makes them. */
  static String trackOf(ContactUpdate u) {
    if (u.sensorIds().size() != 1) {
      return null;
    }
    String sensorId = u.sensorIds().get(0);
    return u.contactId().equals("C-" + sensorId) ? sensorId : null;
  }
}
