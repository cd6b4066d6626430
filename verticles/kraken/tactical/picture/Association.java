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

/**
 * Puts each sensor track's update into the contact its track is bound to. Inference sends one update per sensor
 * track ({@code C-<sensorId>}); a bound track's update is re-addressed to its contact; an unbound track whose
 * readings measured a bearing or a position is gated against the contacts seen within the window
 * ({@link Assignment}) and bound to the contact it joins, or to a new contact {@code C-<sensorId>} it founds.
 * Bindings live in a grid map, so every tactical node folds a track into the same contact; the first binding
 * written wins (putIfAbsent), so two nodes deciding at once agree. Updates without geometry keep {@code C-<sensorId>}
 * and bind nothing. Bindings are sticky; {@link #release} drops those of contacts that aged out.
 */
public final class Association {

  private final Vertx vertx;
  private final IMap<String, Contact> contacts;
  private final IMap<String, String> bindings;
  private final LocalPlane plane;
  private final long windowMs;

  public Association(Vertx vertx, Grid grid, TrackSettings tracking, long windowMs) {
    this.vertx = vertx;
    this.contacts = grid.map(GridMap.CONTACTS);
    this.bindings = grid.map(GridMap.TRACK_BINDINGS);
    this.plane = tracking.plane();
    this.windowMs = windowMs;
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
      List<Assignment.NewTrack> fresh = new ArrayList<>();
      for (int i = 0; i < updates.size(); i++) {
        ContactUpdate u = updates.get(i);
        if (!isBinding(bound.get(i).result()) && trackOf(u) != null
          && u.observations().stream().anyMatch(Gate::associable)) {
          fresh.add(new Assignment.NewTrack(trackOf(u), u.observations()));
        }
      }
      if (fresh.isEmpty()) {
        return Future.succeededFuture(readdressed(updates, bound, Map.of()));
      }
      return decide(fresh).map(decided -> readdressed(updates, bound, decided));
    });
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
        String earlier = bindings.get(track);
        if (isBinding(earlier)) {
          contactOf.put(track, earlier);
        } else if (decision.kind() == Assignment.Kind.FOUNDED && earlier == null) {
          String raced = bindings.putIfAbsent(track, decision.contactId());
          contactOf.put(track, raced == null || !isBinding(raced) ? decision.contactId() : raced);
        } else if (decision.kind() == Assignment.Kind.JOINED) {
          Pending next = Pending.after(earlier, decision.contactId(), newestAt.get(track));
          if (next.confirmed()) {
            bindings.put(track, decision.contactId());
            contactOf.put(track, decision.contactId());
          } else {
            bindings.put(track, next.encode());
          }
        } else if (earlier != null) {
          bindings.remove(track); // a miss or an ambiguity ends a run of agreeing gates
        }
      });
      return contactOf;
    }, false);
  }

  private static List<ContactUpdate> readdressed(List<ContactUpdate> updates, List<Future<String>> bound,
                                                 Map<String, String> decided) {
    List<ContactUpdate> out = new ArrayList<>(updates.size());
    for (int i = 0; i < updates.size(); i++) {
      ContactUpdate u = updates.get(i);
      String contact = isBinding(bound.get(i).result()) ? bound.get(i).result() : null;
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
