package kraken.loadgen;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The closed loop behind {@code kraken loadgen --mode closed}: each connection sends its next request when the
 * last is answered, so the server sets the pace (what the figures in the README measured). All of its state lives
 * on one event loop, so no locks; latencies are kept raw (one long per request) for exact percentiles.
 */
public final class ClosedLoopGenerator {

  private static final String[] KINDS = {
    "{\"type\":\"SonarPassive\",\"frequencyMhz\":0.00006,\"bearing\":212.5}",
    "{\"type\":\"SonarActive\",\"pingStrength\":0.42,\"returnTimeMs\":9000}",
    "{\"type\":\"SatelliteOptical\",\"lat\":59.31,\"lon\":10.52,\"zoomLevel\":16}",
    "{\"type\":\"SatelliteSignals\",\"frequencyRange\":{\"lowMhz\":9300,\"highMhz\":9500},\"signalStrength\":-68.5}",
    "{\"type\":\"CommsIntercept\",\"frequencyMhz\":156.8,\"encryptionType\":\"Military\"}"};

  private final Vertx vertx;
  private final LoadPlan plan;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final Map<Integer, Long> statuses = new TreeMap<>();
  private WebClient client;
  private long[] latenciesNanos = new long[1 << 16];
  private int latencyCount;
  private long sequence;
  private long acceptedReadings;
  private long refusedReadings;
  private long transportErrors;
  private long measureFrom;
  private long end;
  private int running;
  private HistogramScrape before;

  public ClosedLoopGenerator(Vertx vertx, LoadPlan plan) {
    this.vertx = vertx;
    this.plan = plan;
  }

  public Future<LoadResult> run() {
    Promise<LoadResult> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(plan.ingestUrl().getHost())
        .setDefaultPort(plan.ingestUrl().getPort() < 0 ? 80 : plan.ingestUrl().getPort())
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(plan.concurrency()));
      long start = System.nanoTime();
      measureFrom = start + plan.warmup().toNanos();
      end = measureFrom + plan.duration().toNanos();
      vertx.setTimer(Math.max(1, plan.warmup().toMillis()), id -> HistogramScrape.fetch(vertx, plan.metricsUrl())
        .onSuccess(scrape -> before = scrape));
      running = plan.concurrency();
      for (int i = 0; i < plan.concurrency(); i++) {
        sendNext(done);
      }
    });
    return done.future();
  }

  private void sendNext(Promise<LoadResult> done) {
    long sentAt = System.nanoTime();
    if (sentAt >= end) {
      if (--running == 0) {
        finish(done);
      }
      return;
    }
    client.post(plan.ingestUrl().getPath().isEmpty() || plan.ingestUrl().getPath().equals("/")
        ? "/api/v1/sensors/data" : plan.ingestUrl().getPath())
      .putHeader("Content-Type", "application/json")
      .sendBuffer(body())
      .onComplete(result -> {
        long now = System.nanoTime();
        if (sentAt >= measureFrom && now <= end) {
          if (result.succeeded()) {
            int status = result.result().statusCode();
            statuses.merge(status, 1L, Long::sum);
            if (status == 202) {
              acceptedReadings += plan.batchSize();
              recordLatency(now - sentAt);
            } else {
              refusedReadings += plan.batchSize();
            }
          } else {
            transportErrors++;
          }
        }
        sendNext(done);
      });
  }

  private Buffer body() {
    StringBuilder json = new StringBuilder(plan.batchSize() * 160).append('[');
    long now = System.currentTimeMillis();
    for (int i = 0; i < plan.batchSize(); i++) {
      long n = sequence++;
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"id\":\"lg-").append(runId).append('-').append(n)
        .append("\",\"sensorId\":\"lg-sensor-").append(n % plan.sensors())
        .append("\",\"timestamp\":").append(now)
        .append(",\"sensorType\":").append(KINDS[(int) (n % plan.sensors() % KINDS.length)])
        .append(",\"classification\":\"Secret\",\"priority\":\"Medium\"}");
    }
    return Buffer.buffer(json.append(']').toString());
  }

  private void recordLatency(long nanos) {
    if (latencyCount == latenciesNanos.length) {
      latenciesNanos = Arrays.copyOf(latenciesNanos, latenciesNanos.length * 2);
    }
    latenciesNanos[latencyCount++] = nanos;
  }

  private void finish(Promise<LoadResult> done) {
    client.close();
    long[] sorted = Arrays.copyOf(latenciesNanos, latencyCount);
    Arrays.sort(sorted);
    HistogramScrape.fetch(vertx, plan.metricsUrl()).onComplete(after -> done.complete(new LoadResult(plan,
      acceptedReadings, refusedReadings, transportErrors, statuses, sorted,
      after.succeeded() && before != null ? after.result().minus(before) : null)));
  }
}
