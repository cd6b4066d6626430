package kraken.tactical;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;

import java.util.Map;

/**
 * Folds one contact update into the stored contact, atomically on the member that owns the key, so two
 * tactical nodes updating the same contact cannot lose each other's readings. Carries JSON, not objects, so
 * it serializes small and never depends on Java serialization of the records.
 */
final class FoldUpdate implements EntryProcessor<String, HazelcastJsonValue, String> {

  private static final long serialVersionUID = 1L;

  private final String updateJson;
  private final long now;

  FoldUpdate(ContactUpdate update, long now) {
    this.updateJson = update.toJson().encode();
    this.now = now;
  }

  @Override
  public String process(Map.Entry<String, HazelcastJsonValue> entry) {
    ContactUpdate update = ContactUpdate.fromJson(new JsonObject(updateJson));
    HazelcastJsonValue stored = entry.getValue();
    ContactSummary merged = stored == null ? ContactSummary.first(update, now)
      : ContactSummary.fromJson(new JsonObject(stored.getValue())).merge(update, now);
    String json = merged.toJson().encode();
    entry.setValue(new HazelcastJsonValue(json));
    return json;
  }
}
