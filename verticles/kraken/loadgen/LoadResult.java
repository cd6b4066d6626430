package kraken.loadgen;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/** What one closed-loop run measured, in the measured window only (warm-up excluded). */
public record LoadResult(LoadPlan plan, long acceptedReadings, long refusedReadings, long transportErrors,
                         Map<Integer, Long> statuses, long[] sortedLatenciesNanos, HistogramScrape server) {

  public double readingsPerSecond() {
    return acceptedReadings / (plan.duration().toMillis() / 1000.0);
  }

  public double latencyMillis(double quantile) {
    if (sortedLatenciesNanos.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sortedLatenciesNanos.length - 1, Math.ceil(quantile * sortedLatenciesNanos.length) - 1);
    return sortedLatenciesNanos[Math.max(0, index)] / 1e6;
  }

  public String describe() {
    String serverLine = server == null || server.count() == 0 ? "server histogram: not read"
      : String.format("server ingest-to-picture (Prometheus buckets): %.0f contact updates, p99 <= %.1f ms",
        server.count(), server.quantileUpperBound(0.99) * 1000);
    return String.format("kraken loadgen: %d connections x %d readings/request for %ds (after %ds warm-up)%n"
        + "accepted %d readings (%.0f readings/s), refused %d, transport errors %d, statuses %s%n"
        + "acknowledgement latency (= ingest to picture, client side): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
        + "max %.2f ms%n%s",
      plan.concurrency(), plan.batchSize(), plan.duration().toSeconds(), plan.warmup().toSeconds(), acceptedReadings,
      readingsPerSecond(), refusedReadings, transportErrors, statuses, latencyMillis(0.5), latencyMillis(0.9),
      latencyMillis(0.99), latencyMillis(1.0), serverLine);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("mode", "closed").put("protocol", plan.protocol().name())
      .put("concurrency", plan.concurrency()).put("batch", plan.batchSize())
      .put("durationSeconds", plan.duration().toSeconds()).put("acceptedReadings", acceptedReadings)
      .put("refusedReadings", refusedReadings).put("transportErrors", transportErrors)
      .put("readingsPerSecond", Math.round(readingsPerSecond()))
      .put("ackLatencyP50Ms", latencyMillis(0.5)).put("ackLatencyP99Ms", latencyMillis(0.99))
      .put("ackLatencyMaxMs", latencyMillis(1.0));
    if (server != null && server.count() > 0) {
      json.put("serverIngestToPictureP99UpperBoundMs", server.quantileUpperBound(0.99) * 1000);
    }
    return json;
  }
}
