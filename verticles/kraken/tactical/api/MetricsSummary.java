package kraken.tactical.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.ops.Meters;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/metrics}: this node's meters as one JSON document for people and consoles (Prometheus scrapes
 * {@code /metrics} on the operations port). Everything here is this node's own count, since its start, unless it says
 * {@code "scope": "cluster"}; a meter of a verticle this node does not run is null. The ingest rate is taken over the
 * last {@link #RATE_WINDOW_S} seconds from samples kept once a second; latency percentiles are read from the
 * Prometheus histogram's buckets, so each is the upper bound of the bucket it falls in, not an exact value.
 */
final class MetricsSummary {

  static final int RATE_WINDOW_S = 10;
  private static final double[] PERCENTILES = {0.5, 0.9, 0.99, 0.999};

  private final MeterRegistry meters;
  /** (epoch ms, readings accepted) once a second, oldest first, at most RATE_WINDOW_S + 1. */
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();
  private final long sampler;
  private final Vertx vertx;

  MetricsSummary(Vertx vertx, MeterRegistry meters) {
    this.vertx = vertx;
    this.meters = meters;
    sample();
    this.sampler = vertx.setPeriodic(1000, id -> sample());
  }

  void stop() {
    vertx.cancelTimer(sampler);
  }

  private void sample() {
    Counter accepted = meters.find(Meters.READINGS_ACCEPTED).counter();
    samples.addLast(new long[] {System.currentTimeMillis(), accepted == null ? 0 : (long) accepted.count()});
    while (samples.size() > RATE_WINDOW_S + 1) {
      samples.pollFirst();
    }
  }

  /** The summary; {@code picture} is the grid-wide part (contacts by level), {@code activeAlerts} the alert count. */
  JsonObject summary(String nodeId, JsonObject picture, int activeAlerts) {
    long now = System.currentTimeMillis();
    return new JsonObject().put("node", nodeId).put("scope", "node").put("timestamp", now)
      .put("note", "this node's meters since it started, except where scope is cluster; ask each node for its own")
      .put("ingest", ingest(now))
      .put("pipeline", new JsonObject().put("ingestToPictureMs", latency(meters.find(Meters.INGEST_TO_PICTURE).timer())))
      .put("picture", picture.put("scope", "cluster")
        .put("contactUpdatesFoldedHere", count(Meters.CONTACT_UPDATES))
        .put("duplicateReadingsHere", count(Meters.READINGS_DUPLICATE)))
      .put("inference", new JsonObject().put("degradedByReason", byTag(Meters.INFERENCE_DEGRADED, "reason")))
      .put("webSocket", new JsonObject().put("clients", gauge(Meters.WS_CLIENTS))
        .put("messagesSent", count(Meters.WS_MESSAGES)).put("slowClientsDropped", count(Meters.WS_DROPPED)))
      .put("persistence", new JsonObject().put("bufferedRows", gauge(Meters.PERSISTENCE_BUFFERED_ROWS))
        .put("written", count(Meters.PERSISTENCE_WRITTEN)).put("dropped", count(Meters.PERSISTENCE_DROPPED))
        .put("failedFlushes", count(Meters.PERSISTENCE_FAILURES)))
      .put("alerts", new JsonObject().put("active", activeAlerts).put("scope", "cluster"));
  }

  private JsonObject ingest(long now) {
    Counter accepted = meters.find(Meters.READINGS_ACCEPTED).counter();
    if (accepted == null) {
      return null;
    }
    long total = (long) accepted.count();
    long[] oldest = samples.peekFirst();
    double seconds = oldest == null ? 0 : (now - oldest[0]) / 1000.0;
    Double rate = seconds < 0.5 ? null : Math.max(0, total - oldest[1]) / seconds;
    return new JsonObject().put("readingsAccepted", total).put("readingsPerSecond", rate)
      .put("rateWindowSeconds", seconds).put("rejectedByReason", byTag(Meters.READINGS_REJECTED, "reason"));
  }

  private static JsonObject latency(Timer timer) {
    if (timer == null) {
      return null;
    }
    HistogramSnapshot snapshot = timer.takeSnapshot();
    JsonObject json = new JsonObject().put("count", snapshot.count())
      .put("mean", snapshot.count() == 0 ? null : snapshot.mean(TimeUnit.MILLISECONDS))
      .put("max", snapshot.max(TimeUnit.MILLISECONDS));
    CountAtBucket[] buckets = snapshot.histogramCounts();
    for (double p : PERCENTILES) {
      json.put("p" + (p * 100 == Math.rint(p * 100) ? Integer.toString((int) (p * 100)) : Double.toString(p * 100)),
        snapshot.count() == 0 ? null : bucketBound(buckets, p * snapshot.count()));
    }
    return json.put("percentilesAre", "upper bounds of histogram buckets (ms)");
  }

  /** The upper bound (ms) of the first bucket holding the {@code rank}-th value; null past the last bucket. */
  private static Double bucketBound(CountAtBucket[] cumulative, double rank) {
    for (CountAtBucket bucket : cumulative) {
      if (bucket.count() >= rank) {
        return bucket.bucket(TimeUnit.MILLISECONDS);
      }
    }
    return null;
  }

  private Long count(String name) {
    Counter counter = meters.find(name).counter();
    return counter == null ? null : (long) counter.count();
  }

  private Double gauge(String name) {
    Gauge gauge = meters.find(name).gauge();
    return gauge == null ? null : gauge.value();
  }

  private JsonObject byTag(String name, String tag) {
    JsonObject json = new JsonObject();
    meters.find(name).counters().forEach(c -> json.put(c.getId().getTag(tag),
      json.getLong(c.getId().getTag(tag), 0L) + (long) c.count()));
    return json;
  }

  static JsonObject levels(Map<kraken.bus.ThreatLevel, Long> byLevel) {
    JsonObject json = new JsonObject();
    long total = 0;
    for (Map.Entry<kraken.bus.ThreatLevel, Long> e : byLevel.entrySet()) {
      json.put(e.getKey().name(), e.getValue());
      total += e.getValue();
    }
    return new JsonObject().put("contacts", total).put("threatsByLevel", json);
  }
}
