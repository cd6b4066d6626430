package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The assessments inference made from one {@link ReadingBatch}, one update per contact. */
public record AssessmentBatch(String inferenceNode, int readingCount, List<ContactUpdate> updates) {

  public AssessmentBatch {
    updates = List.copyOf(updates);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    updates.forEach(u -> array.add(u.toJson()));
    return new JsonObject().put("inferenceNode", inferenceNode).put("readingCount", readingCount).put("updates", array);
  }

  public static AssessmentBatch fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("updates");
    List<ContactUpdate> updates = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      updates.add(ContactUpdate.fromJson(array.getJsonObject(i)));
    }
    return new AssessmentBatch(json.getString("inferenceNode"), json.getInteger("readingCount"), updates);
  }
}
