package kraken.tactical;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import kraken.bus.ContactSummary;
import kraken.bus.ThreatLevel;
import kraken.grid.Grid;
import kraken.grid.GridMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What the API reads of the picture. Filters run on the members that own the contacts and only the matching
 * summaries travel; active threats come from the index on threat level ({@link GridMap#CONTACTS}), so their cost
 * follows the number of threats, not the number of contacts.
 */
public final class ContactQueries {

  /** The levels {@code GET /api/v1/threats/active} answers. */
  public static final List<ThreatLevel> ACTIVE_THREAT_LEVELS = List.of(ThreatLevel.Hostile, ThreatLevel.ImmediateThreat);

  /** The order of every contact list: highest threat level, then most recently updated, then contact id. */
  public static final Comparator<ContactSummary> MOST_DANGEROUS_FIRST =
    Comparator.comparing(ContactSummary::threatLevel).reversed()
      .thenComparing(Comparator.comparingLong(ContactSummary::updatedAt).reversed())
      .thenComparing(ContactSummary::contactId);

  private final Vertx vertx;
  private final IMap<String, Contact> contacts;

  /** One page of a filtered list, and how many contacts matched in all. */
  public record Page(List<ContactSummary> contacts, int total) {
  }

  public ContactQueries(Vertx vertx, Grid grid) {
    this.vertx = vertx;
    this.contacts = grid.map(GridMap.CONTACTS);
  }

  /** One contact, read where it lives; null when there is none. */
  public Future<ContactSummary> get(String contactId) {
    return Future.fromCompletionStage(contacts.submitToKey(contactId, new ContactView.Read()), vertx.getOrCreateContext())
      .map(view -> view == null ? null : view.summary());
  }

  /** Every contact, most dangerous first (the live feed's snapshot). */
  public Future<List<ContactSummary>> all() {
    return vertx.executeBlocking(() -> sorted(contacts.project(new ContactView.Projection())), false);
  }

  /** The contacts the filter matches, most dangerous first, from {@code offset}, at most {@code limit}. */
  public Future<Page> page(ContactFilter filter, int offset, int limit) {
    return vertx.executeBlocking(() -> {
      List<ContactSummary> matching = sorted(contacts.project(new ContactView.Projection(), filter));
      int from = Math.min(offset, matching.size());
      int to = Math.min(matching.size(), from + limit);
      return new Page(List.copyOf(matching.subList(from, to)), matching.size());
    }, false);
  }

  /** Hostile and immediate threats, most dangerous first, through the threat-level index. */
  public Future<List<ContactSummary>> activeThreats() {
    return vertx.executeBlocking(() -> sorted(contacts.project(new ContactView.Projection(),
      Predicates.in(Contact.THREAT_LEVEL_ATTRIBUTE, ACTIVE_THREAT_LEVELS.toArray(ThreatLevel[]::new)))), false);
  }

  /** How many contacts are at each threat level, grid-wide: one count per level through the threat-level index. */
  public Future<java.util.Map<ThreatLevel, Long>> countByLevel() {
    return vertx.executeBlocking(() -> {
      java.util.Map<ThreatLevel, Long> counts = new java.util.EnumMap<>(ThreatLevel.class);
      for (ThreatLevel level : ThreatLevel.values()) {
        counts.put(level, contacts.aggregate(com.hazelcast.aggregation.Aggregators.count(),
          Predicates.equal(Contact.THREAT_LEVEL_ATTRIBUTE, level)));
      }
      return counts;
    }, false);
  }

  /**
   * Most urgent first: the most forceful action, then the soonest time to threat (none last), then the most dangerous.
   */
  public static final Comparator<ContactSummary> MOST_URGENT_FIRST =
    Comparator.comparing(ContactSummary::recommendedAction).reversed()
      .thenComparing(ContactSummary::timeToThreatMs, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(MOST_DANGEROUS_FIRST);

  /**
   * The contacts recommended more than Monitor, most urgent first, at most {@code limit}, and how many there are:
   * a predicate evaluated where the contacts live, so only those travel.
   */
  public Future<Page> actionable(int limit) {
    return vertx.executeBlocking(() -> {
      Collection<ContactView> views = contacts.project(new ContactView.Projection(), new Actionable());
      List<ContactSummary> list = new ArrayList<>(views.size());
      views.forEach(v -> list.add(v.summary()));
      list.sort(MOST_URGENT_FIRST);
      return new Page(List.copyOf(list.subList(0, Math.min(limit, list.size()))), list.size());
    }, false);
  }

  private static List<ContactSummary> sorted(Collection<ContactView> views) {
    List<ContactSummary> list = new ArrayList<>(views.size());
    views.forEach(v -> list.add(v.summary()));
    list.sort(MOST_DANGEROUS_FIRST);
    return list;
  }
}
