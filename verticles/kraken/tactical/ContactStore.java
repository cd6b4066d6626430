package kraken.tactical;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.bus.SharedMaps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Objects;

/**
 * The contacts of the picture, in a Hazelcast map shared by every tactical node. Writes go through an entry
 * processor (atomic per contact); reads that scan the map run off the event loop.
 */
final class ContactStore {

  private static final Comparator<ContactSummary> MOST_DANGEROUS_FIRST =
    Comparator.comparing(ContactSummary::threatLevel).reversed()
      .thenComparing(Comparator.comparingLong(ContactSummary::updatedAt).reversed())
      .thenComparing(ContactSummary::contactId);

  private final Vertx vertx;
  private final IMap<String, HazelcastJsonValue> contacts;

  ContactStore(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.contacts = hazelcast.getMap(SharedMaps.CONTACTS);
  }

  /**
   * Folds the updates (one per contact) into the picture; the result lists the contacts that changed, as now
   * stored (an update already folded in, from a resent request, changes nothing).
   */
  Future<List<ContactSummary>> apply(List<ContactUpdate> updates) {
    Set<String> keys = new HashSet<>();
    updates.forEach(u -> keys.add(u.contactId()));
    return Future.fromCompletionStage(contacts.submitToKeys(keys, new FoldUpdate(updates, System.currentTimeMillis())),
        vertx.getOrCreateContext())
      .map(stored -> {
        List<ContactSummary> summaries = new ArrayList<>(stored.size());
        stored.values().stream().filter(Objects::nonNull)
          .forEach(json -> summaries.add(ContactSummary.fromJson(new JsonObject(json))));
        return summaries;
      });
  }

  Future<ContactSummary> get(String contactId) {
    return Future.fromCompletionStage(contacts.getAsync(contactId), vertx.getOrCreateContext())
      .map(json -> json == null ? null : ContactSummary.fromJson(new JsonObject(json.getValue())));
  }

  /** Every contact, most dangerous first. */
  Future<List<ContactSummary>> all() {
    return vertx.executeBlocking(() -> {
      List<ContactSummary> list = new ArrayList<>();
      for (HazelcastJsonValue json : contacts.values()) {
        list.add(ContactSummary.fromJson(new JsonObject(json.getValue())));
      }
      list.sort(MOST_DANGEROUS_FIRST);
      return list;
    }, false);
  }
}
