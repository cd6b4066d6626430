package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How busy one node was over the last report interval. Rates are per second over that interval;
 * {@code queuedRows} is the model rows waiting now, {@code p95LatencyMs} the 95th percentile of ingest-to-picture
 * over the interval (0 when this node folded nothing).
 */
public record LoadReport(String nodeId, List<String> verticles, double readingsAcceptedPerSecond,
                         double readingsRejectedPerSecond, long heapUsedBytes, long heapMaxBytes, double processCpuLoad,
                         double queuedRows, double p95LatencyMs, long reportedAt) {

  public LoadReport {
    verticles = List.copyOf(verticles);
  }

  /** Without queue and latency (a node that measures neither). */
  public LoadReport(String nodeId, List<String> verticles, double readingsAcceptedPerSecond,
                    double readingsRejectedPerSecond, long heapUsedBytes, long heapMaxBytes, double processCpuLoad,
                    long reportedAt) {
    this(nodeId, verticles, readingsAcceptedPerSecond, readingsRejectedPerSecond, heapUsedBytes, heapMaxBytes,
      processCpuLoad, 0, 0, reportedAt);
  }

  public JsonObject toJson() {
    return new JsonObject().put("nodeId", nodeId).put("verticles", new JsonArray(verticles))
      .put("readingsAcceptedPerSecond", readingsAcceptedPerSecond)
      .put("readingsRejectedPerSecond", readingsRejectedPerSecond).put("heapUsedBytes", heapUsedBytes)
      .put("heapMaxBytes", heapMaxBytes).put("processCpuLoad", processCpuLoad).put("queuedRows", queuedRows)
      .put("p95LatencyMs", p95LatencyMs).put("reportedAt", reportedAt);
  }

  public static LoadReport fromJson(JsonObject json) {
    return new LoadReport(json.getString("nodeId"), Json.strings(json.getJsonArray("verticles")),
      json.getDouble("readingsAcceptedPerSecond"), json.getDouble("readingsRejectedPerSecond"),
      json.getLong("heapUsedBytes"), json.getLong("heapMaxBytes"), json.getDouble("processCpuLoad"),
      json.getDouble("queuedRows", 0.0), json.getDouble("p95LatencyMs", 0.0), json.getLong("reportedAt"));
  }
}
