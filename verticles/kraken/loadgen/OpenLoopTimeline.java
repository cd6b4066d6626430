package kraken.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * The run second by second, so a failover can be read off it: readings acknowledged, refusals seen by reason
 * (every attempt, including those resent later), readings resent, and the p99 of the requests acknowledged in
 * that second (from their first reading's due time, so a reading that waited through a failure shows its wait).
 * Seconds count from the start of the schedule, warm-up included. Owned by one event loop; one histogram is
 * reused per second, so memory does not grow with the run's length.
 */
final class OpenLoopTimeline {

  private final long startNanos;
  private final JsonArray seconds = new JsonArray();
  private final Histogram latencyMicros = new Histogram(2);
  private final Map<String, Long> refused = new TreeMap<>();
  private int second;
  private long acked;
  private long retried;

  OpenLoopTimeline(long startNanos) {
    this.startNanos = startNanos;
  }

  void acked(long nowNanos, int readings, long latencyNanos) {
    advanceTo(nowNanos);
    acked += readings;
    latencyMicros.recordValue(Math.max(1, latencyNanos / 1000));
  }

  void refused(long nowNanos, String reason, int readings) {
    advanceTo(nowNanos);
    refused.merge(reason, (long) readings, Long::sum);
  }

  void retried(long nowNanos, int readings) {
    advanceTo(nowNanos);
    retried += readings;
  }

  /** Every second up to and including the one {@code nowNanos} falls in. */
  JsonArray close(long nowNanos) {
    advanceTo(nowNanos);
    closeSecond();
    return seconds.copy();
  }

  private void advanceTo(long nowNanos) {
    int now = (int) ((nowNanos - startNanos) / 1_000_000_000L);
    while (second < now) {
      closeSecond();
      second++;
    }
  }

  private void closeSecond() {
    JsonObject refusals = new JsonObject();
    refused.forEach(refusals::put);
    seconds.add(new JsonObject().put("t", second).put("acked", acked).put("refused", refusals)
      .put("retried", retried)
      .put("p99_ms", latencyMicros.getTotalCount() == 0 ? null
        : latencyMicros.getValueAtPercentile(99) / 1000.0));
    acked = 0;
    retried = 0;
    refused.clear();
    latencyMicros.reset();
  }
}
