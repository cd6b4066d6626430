package kraken.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The summary of an open-loop run. {@code sent} is every reading the schedule made due (the generator's intent);
 * each ends acknowledged, refused (by reason) or not sent (by reason), and {@link #balanced()} checks that.
 * Percentiles are over acknowledged requests intended after the warm-up, measured from the intended send time.
 * With {@code --retry}, a reading resent until acknowledged counts once, as acknowledged; {@code refusalsSeen}
 * counts every refusal of every attempt (what the client saw), {@code retried} every resend, and
 * {@code givenUp} the resent readings that were still not acknowledged at the end (under {@code refused}).
 * {@code timeline} has one entry per second ({@link OpenLoopTimeline}), counted from {@code startedAtEpochMillis},
 * the wall-clock start of the schedule (so a drill can place its kill on the timeline).
 */
public record OpenLoopResult(LoadPlan plan, String runId, long sent, long transmitted, long requests, long acked,
                             long ackedInMeasuredWindow, Map<String, Long> refusedByReason,
                             Map<String, Long> notSentByReason, double p50Millis, double p99Millis,
                             double p999Millis, double maxMillis, double elapsedSeconds, long retried,
                             long givenUp, Map<String, Long> refusalsSeen, JsonArray timeline,
                             long startedAtEpochMillis) {

  static OpenLoopResult of(LoadPlan plan, String runId, OpenLoopTally tally, JsonArray timeline,
                           double elapsedSeconds, long startedAtEpochMillis) {
    return new OpenLoopResult(plan, runId, tally.scheduled, tally.transmitted, tally.requests, tally.acked,
      tally.ackedInMeasuredWindow, Map.copyOf(tally.refusedByReason), Map.copyOf(tally.notSentByReason),
      tally.latencyMillis(50), tally.latencyMillis(99), tally.latencyMillis(99.9), tally.maxLatencyMillis(),
      elapsedSeconds, tally.retried, tally.givenUp, Map.copyOf(tally.refusalsSeen), timeline, startedAtEpochMillis);
  }

  public long refused() {
    return refusedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public long notSent() {
    return notSentByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Every scheduled reading is accounted for exactly once. */
  public boolean balanced() {
    return acked + refused() + notSent() == sent;
  }

  public double ackedPerSecond() {
    return ackedInMeasuredWindow / (plan.duration().toMillis() / 1000.0);
  }

  public JsonObject toJson() {
    return new JsonObject().put("mode", plan.mode().name()).put("protocol", plan.protocol().name())
      .put("mix", plan.mix().name()).put("run_id", runId).put("rate_target", plan.readingsPerSecond())
      .put("connections", plan.connections()).put("batch", plan.batchSize()).put("sensors", plan.sensors())
      .put("duration_s", plan.duration().toMillis() / 1000.0).put("warmup_s", plan.warmup().toMillis() / 1000.0)
      .put("sent", sent).put("transmitted", transmitted).put("requests", requests).put("acked", acked)
      .put("refused", counts(refusedByReason)).put("refused_total", refused())
      .put("not_sent", notSent()).put("not_sent_by_reason", counts(notSentByReason))
      .put("balanced", balanced()).put("acked_per_s", Math.round(ackedPerSecond()))
      .put("p50_ms", finite(p50Millis)).put("p99_ms", finite(p99Millis)).put("p999_ms", finite(p999Millis))
      .put("max_ms", finite(maxMillis)).put("elapsed_s", Math.round(elapsedSeconds * 10) / 10.0)
      .put("acked_ids_file", plan.ackedIdsFile() == null ? null : plan.ackedIdsFile().toString())
      .put("unacked_ids_file", plan.ackedIdsFile() == null ? null
        : OpenLoopGenerator.unackedIdsFile(plan).toString())
      .put("targets", new JsonArray(plan.ingestUrls().stream().map(Object::toString).toList()))
      .put("retry", plan.retry()).put("retried", retried).put("given_up", givenUp)
      .put("refusals_seen", counts(refusalsSeen)).put("started_at_ms", startedAtEpochMillis)
      .put("timeline", timeline);
  }

  public String describe() {
    return String.format("kraken loadgen (open loop, %s): %s mix at %.0f readings/s over %d connections "
        + "(at most %d readings per request) for %ds after %ds warm-up%n"
        + "scheduled %d readings: acked %d (%.0f readings/s), refused %d %s, not sent %d %s%s%n"
        + "latency from intended send time to ack, %d requests: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms"
        + "%s",
      plan.protocol(), plan.mix().name(), plan.readingsPerSecond(), plan.connections(), plan.batchSize(),
      plan.duration().toSeconds(), plan.warmup().toSeconds(), sent, acked, ackedPerSecond(), refused(),
      refusedByReason, notSent(), notSentByReason, balanced() ? "" : " (DOES NOT ADD UP: a generator bug)",
      requests, p50Millis, p99Millis, p999Millis, maxMillis,
      plan.retry() ? String.format("%nretry: %d resends, %d readings given up; refusals seen %s", retried, givenUp,
        refusalsSeen) : "");
  }

  private static JsonObject counts(Map<String, Long> byReason) {
    JsonObject json = new JsonObject();
    byReason.forEach(json::put);
    return json;
  }

  /** JSON has no NaN: a run without a single acknowledgement reports null percentiles. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
