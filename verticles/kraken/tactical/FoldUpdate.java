package kraken.tactical;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a batch's contact updates into the stored contacts, atomically per contact on the member that owns it,
 * so two tactical nodes updating the same contact cannot lose each other's readings. One processor carries the
 * whole batch (one submission, not one per contact) as JSON, so it never depends on Java serialization of the
 * records. Returns the contact as stored, or null when the update was already folded in (a resent request).
 */
final class FoldUpdate implements EntryProcessor<String, HazelcastJsonValue, String> {

  private static final long serialVersionUID = 2L;

  private final HashMap<String, String> updatesByContact;
  private final long now;

  FoldUpdate(List<ContactUpdate> updates, long now) {
    this.updatesByContact = new HashMap<>();
    updates.forEach(u -> updatesByContact.put(u.contactId(), u.toJson().encode()));
    this.now = now;
  }

  @Override
  public String process(Map.Entry<String, HazelcastJsonValue> entry) {
    ContactUpdate update = ContactUpdate.fromJson(new JsonObject(updatesByContact.get(entry.getKey())));
    HazelcastJsonValue stored = entry.getValue();
    if (stored == null) {
      return store(entry, ContactSummary.first(update, now));
    }
    ContactSummary current = ContactSummary.fromJson(new JsonObject(stored.getValue()));
    return current.alreadyHolds(update) ? null : store(entry, current.merge(update, now));
  }

  private static String store(Map.Entry<String, HazelcastJsonValue> entry, ContactSummary contact) {
    String json = contact.toStoredJson().encode();
    entry.setValue(new HazelcastJsonValue(json));
    return json;
  }
}
