package kraken.tactical.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactSummary;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatLevel;
import kraken.tactical.ContactFilter;
import kraken.tactical.ContactQueries;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The picture's contacts as this API node lists them, kept in memory and in list order (most dangerous first:
 * {@link ContactQueries#MOST_DANGEROUS_FIRST}), so that a page costs a walk of {@code offset + limit} contacts and
 * the active threats are the head of the order, instead of a projection and a sort of every contact in the grid per
 * request. Loaded once from the grid at start, then maintained from the picture deltas every tactical node publishes
 * after its grid write ({@code {"contacts": [...]}} upserts, {@code {"removed": [ids]}} removals): it is behind the
 * grid by the delta's delivery time, and holds one summary per contact.
 *
 * <p>Deltas that arrive while the initial load runs are applied at once; the loaded snapshot then only fills in what
 * they did not bring (a contact newer in the view than in the snapshot keeps the view's state, a contact removed
 * during the load is not brought back). Every change increments {@link #version()}; rendered responses are cached
 * against it ({@link #rendered}), so repeated requests between two changes cost a map lookup and still answer the
 * view's latest state.
 *
 * <p>Not thread-safe: used from the API verticle's event loop only.
 */
public final class PictureView {

  /** Responses kept per version; the keys are the clients' query strings, so the map is bounded and then reset. */
  static final int MAX_RENDERED = 256;

  private final Map<String, ContactSummary> byId = new HashMap<>();
  /** The non-empty contacts in list order; the comparator ends on the contact id, so no two are equal. */
  private final TreeSet<ContactSummary> ordered = new TreeSet<>(ContactQueries.MOST_DANGEROUS_FIRST);
  private final Map<String, Buffer> renderedByRequest = new HashMap<>();
  private long renderedVersion = -1;
  private long version;
  /** Ids removed since {@link #beginLoad()}, so that the snapshot does not resurrect them; null when not loading. */
  private Set<String> removedWhileLoading;

  /** Called before the initial load is asked of the grid: deltas from now on are remembered against the snapshot. */
  public void beginLoad() {
    removedWhileLoading = new HashSet<>();
  }

  /** The grid's snapshot, taken after {@link #beginLoad()}; deltas applied since then win over it. */
  public void load(Collection<ContactSummary> snapshot) {
    Set<String> removed = removedWhileLoading == null ? Set.of() : removedWhileLoading;
    for (ContactSummary contact : snapshot) {
      ContactSummary held = byId.get(contact.contactId());
      if (!removed.contains(contact.contactId()) && (held == null || contact.updatedAt() > held.updatedAt())) {
        put(held, contact);
      }
    }
    removedWhileLoading = null;
    version++;
  }

  /** One picture delta, as published on {@link kraken.bus.Addresses#PICTURE_DELTA}. */
  public void apply(JsonObject delta) {
    JsonArray contacts = delta.getJsonArray("contacts");
    if (contacts != null) {
      for (int i = 0; i < contacts.size(); i++) {
        upsert(ContactSummary.fromJson(contacts.getJsonObject(i)));
      }
    }
    JsonArray removed = delta.getJsonArray("removed");
    if (removed != null) {
      for (int i = 0; i < removed.size(); i++) {
        remove(removed.getString(i));
      }
    }
  }

  /**
   * A contact's latest state. One older than the state held (two tactical nodes' deltas can cross) is ignored; one
   * as old replaces it, because an operator record can change a contact within the millisecond of its last fold.
   */
  void upsert(ContactSummary contact) {
    ContactSummary held = byId.get(contact.contactId());
    if (held != null && contact.updatedAt() < held.updatedAt()) {
      return;
    }
    if (removedWhileLoading != null) {
      removedWhileLoading.remove(contact.contactId());
    }
    put(held, contact);
    version++;
  }

  void remove(String contactId) {
    if (removedWhileLoading != null) {
      removedWhileLoading.add(contactId);
    }
    ContactSummary held = byId.remove(contactId);
    if (held != null) {
      ordered.remove(held);
      version++;
    }
  }

  private void put(ContactSummary held, ContactSummary contact) {
    if (held != null) {
      ordered.remove(held);
    }
    byId.put(contact.contactId(), contact);
    // a contact with no reading yet is in no list (as ContactFilter decides on the grid)
    if (contact.readingCount() > 0) {
      ordered.add(contact);
    }
  }

  /** Incremented by every change the view applies. */
  public long version() {
    return version;
  }

  /** How many contacts the view holds. */
  public int size() {
    return byId.size();
  }

  /**
   * The contacts the filter matches, most dangerous first, from {@code offset}, at most {@code limit}: without a
   * filter a walk of {@code offset + limit} contacts; with one a walk of every contact (to count them), in memory.
   */
  public ContactQueries.Page page(ContactFilter filter, int offset, int limit) {
    List<ContactSummary> page = new ArrayList<>(Math.min(limit, ordered.size()));
    if (filter.matchesEveryContact()) {
      Iterator<ContactSummary> walk = ordered.iterator();
      for (int skipped = 0; skipped < offset && walk.hasNext(); skipped++) {
        walk.next();
      }
      while (page.size() < limit && walk.hasNext()) {
        page.add(walk.next());
      }
      return new ContactQueries.Page(List.copyOf(page), ordered.size());
    }
    int matching = 0;
    for (ContactSummary contact : ordered) {
      if (filter.matches(contact)) {
        if (matching >= offset && page.size() < limit) {
          page.add(contact);
        }
        matching++;
      }
    }
    return new ContactQueries.Page(List.copyOf(page), matching);
  }

  /** Hostile and immediate threats, most dangerous first: the head of the order, so the cost follows the threats. */
  public List<ContactSummary> activeThreats() {
    int lowestActive = ContactQueries.ACTIVE_THREAT_LEVELS.stream().mapToInt(ThreatLevel::ordinal).min().orElseThrow();
    List<ContactSummary> threats = new ArrayList<>();
    for (ContactSummary contact : ordered) {
      if (contact.threatLevel().ordinal() < lowestActive) {
        break;
      }
      if (ContactQueries.ACTIVE_THREAT_LEVELS.contains(contact.threatLevel())) {
        threats.add(contact);
      }
    }
    return threats;
  }

  /** The contacts recommended more than Monitor, most urgent first, at most {@code limit}, and how many there are. */
  public ContactQueries.Page actionable(int limit) {
    List<ContactSummary> actionable = new ArrayList<>();
    for (ContactSummary contact : ordered) {
      if (contact.recommendedAction() != null && contact.recommendedAction() != RecommendedAction.Monitor) {
        actionable.add(contact);
      }
    }
    actionable.sort(ContactQueries.MOST_URGENT_FIRST);
    return new ContactQueries.Page(List.copyOf(actionable.subList(0, Math.min(limit, actionable.size()))),
      actionable.size());
  }

  /**
   * The response for {@code request} (path and query) as rendered at the current version, rendering it when the
   * view changed since or it was never asked; {@code render} may throw, and then nothing is cached.
   */
  public Buffer rendered(String request, Supplier<Buffer> render) {
    if (renderedVersion != version || renderedByRequest.size() >= MAX_RENDERED) {
      renderedByRequest.clear();
      renderedVersion = version;
    }
    Buffer body = renderedByRequest.get(request);
    if (body == null) {
      body = render.get();
      renderedByRequest.put(request, body);
    }
    return body;
  }
}
