package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** How busy one node was over the last report interval. Rates are per second over that interval. */
public record LoadReport(String nodeId, List<String> verticles, double readingsAcceptedPerSecond,
                         double readingsRejectedPerSecond, long heapUsedBytes, long heapMaxBytes, double processCpuLoad,
                         long reportedAt) {

  public LoadReport {
    verticles = List.copyOf(verticles);
  }

  public JsonObject toJson() {
    return new JsonObject().put("nodeId", nodeId).put("verticles", new JsonArray(verticles))
      .put("readingsAcceptedPerSecond", readingsAcceptedPerSecond)
      .put("readingsRejectedPerSecond", readingsRejectedPerSecond).put("heapUsedBytes", heapUsedBytes)
      .put("heapMaxBytes", heapMaxBytes).put("processCpuLoad", processCpuLoad).put("reportedAt", reportedAt);
  }

  public static LoadReport fromJson(JsonObject json) {
    return new LoadReport(json.getString("nodeId"), Json.strings(json.getJsonArray("verticles")),
      json.getDouble("readingsAcceptedPerSecond"), json.getDouble("readingsRejectedPerSecond"),
      json.getLong("heapUsedBytes"), json.getLong("heapMaxBytes"), json.getDouble("processCpuLoad"),
      json.getLong("reportedAt"));
  }
}
