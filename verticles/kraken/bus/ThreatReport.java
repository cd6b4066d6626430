package kraken.bus;

import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Map;

/** The threat picture as one tactical node sees it: how many contacts at each level. */
public record ThreatReport(String nodeId, Map<ThreatLevel, Integer> contactsByLevel, long reportedAt) {

  public ThreatReport {
    EnumMap<ThreatLevel, Integer> complete = new EnumMap<>(ThreatLevel.class);
    for (ThreatLevel level : ThreatLevel.values()) {
      complete.put(level, contactsByLevel.getOrDefault(level, 0));
    }
    contactsByLevel = complete;
  }

  public int contacts() {
    return contactsByLevel.values().stream().mapToInt(Integer::intValue).sum();
  }

  public ThreatLevel highest() {
    ThreatLevel highest = ThreatLevel.Benign;
    for (Map.Entry<ThreatLevel, Integer> e : contactsByLevel.entrySet()) {
      if (e.getValue() > 0 && e.getKey().compareTo(highest) > 0) {
        highest = e.getKey();
      }
    }
    return highest;
  }

  public JsonObject toJson() {
    JsonObject levels = new JsonObject();
    contactsByLevel.forEach((level, count) -> levels.put(level.name(), count));
    return new JsonObject().put("nodeId", nodeId).put("contactsByLevel", levels).put("reportedAt", reportedAt);
  }

  public static ThreatReport fromJson(JsonObject json) {
    EnumMap<ThreatLevel, Integer> levels = new EnumMap<>(ThreatLevel.class);
    JsonObject byLevel = json.getJsonObject("contactsByLevel");
    byLevel.fieldNames().forEach(name -> levels.put(ThreatLevel.valueOf(name), byLevel.getInteger(name)));
    return new ThreatReport(json.getString("nodeId"), levels, json.getLong("reportedAt"));
  }
}
