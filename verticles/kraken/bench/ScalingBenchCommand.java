package kraken.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import kraken.bus.Addresses;
import kraken.config.KrakenConfig;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.launcher.KrakenNode;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kraken bench-scaling}: the embedded default under a load burst, with the local actuator. Starts a node in
 * this JVM, posts readings at a base rate, then at {@code --burst-factor} times it for {@code --burst}, then at the
 * base rate again until the scaler is back at its floor; then posts one hostile reading and times the escalation
 * to the scale call. Reports time to scale up, inference instances over time, time back to the floor, request
 * latency percentiles during the burst, and the escalation latency (from the post, and from tactical's report).
 */
@Command(name = "bench-scaling", mixinStandardHelpOptions = true, sortOptions = false,
  description = {"Runs a burst of readings against an embedded KRAKEN node whose scaler uses the local actuator, and "
    + "reports time to scale up, inference instances over time, time back to the floor, p99 during the burst and "
    + "the escalation-to-scale-call latency. --json ends stdout with every figure.", ""})
public final class ScalingBenchCommand implements Callable<Integer> {

  @Option(names = "--base-rate", description = "Readings per second before and after the burst (default ${DEFAULT-VALUE}).")
  int baseRate = 400;

  @Option(names = "--burst-factor", description = "The burst's rate as a multiple of the base rate (default ${DEFAULT-VALUE}).")
  double burstFactor = 3;

  @Option(names = "--warmup", description = "Seconds at the base rate before the burst (default ${DEFAULT-VALUE}).")
  int warmupSeconds = 10;

  @Option(names = "--burst", description = "Seconds of the burst (default ${DEFAULT-VALUE}).")
  int burstSeconds = 30;

  @Option(names = "--window", description = "Stabilization window in seconds (default ${DEFAULT-VALUE}).")
  int windowSeconds = 15;

  @Option(names = "--per-instance", description = "Readings per second one inference instance is planned for "
    + "(default: 1.25 x the base rate, so the base load needs one instance at 80 %% and a 3x burst three).")
  int perInstance = 0;

  @Option(names = "--max-instances", description = "Most inference instances (default ${DEFAULT-VALUE}).")
  int maxInstances = 8;

  @Option(names = "--scorer", description = "inference.scorer of the node: rules or models (default ${DEFAULT-VALUE}). "
    + "The escalation reading (passive sonar in the torpedo seeker band, no payload) is Hostile to the rules; the "
    + "models call a reading without payload Benign, so with models the escalation is not measured.")
  String scorer = "rules";

  @Option(names = "--json", description = "End stdout with one JSON object holding every figure.")
  boolean json;

  private final AtomicInteger replicas = new AtomicInteger(1);
  private final AtomicLong escalationScaledAt = new AtomicLong();
  private final AtomicLong escalationReportedAt = new AtomicLong();

  @Override
  public Integer call() throws Exception {
    int ingest = freePort();
    int perReplica = perInstance();
    Map<Setting<?>, Object> settings = new HashMap<>();
    settings.put(Settings.INGEST_PORT, ingest);
    settings.put(Settings.INGEST_HOST, "127.0.0.1");
    settings.put(Settings.INGEST_TCP_PORT, 0);
    settings.put(Settings.TACTICAL_PORT, freePort());
    settings.put(Settings.TACTICAL_HOST, "127.0.0.1");
    settings.put(Settings.OPS_PORT, freePort());
    settings.put(Settings.OPS_HOST, "127.0.0.1");
    settings.put(Settings.SIMULATOR_ENABLED, false);
    settings.put(Settings.INFERENCE_SCORER, scorer);
    settings.put(Settings.SCALING_READINGS_PER_INSTANCE, perReplica);
    settings.put(Settings.SCALING_MAX_INSTANCES, maxInstances);
    settings.put(Settings.SCALING_WINDOW_SECONDS, windowSeconds);
    settings.put(Settings.SCALING_THREAT_REPLICAS, "1,1,2,3");
    settings.put(Settings.SCALING_PREDICTIVE, false);
    settings.put(Settings.SCALING_INTERVAL_MS, 500);
    settings.put(Settings.REPORT_INTERVAL_MS, 1000);
    KrakenNode node = KrakenNode.start(KrakenNode.withNodeId(KrakenConfig.defaults().with(settings)))
      .get(120, TimeUnit.SECONDS);
    node.vertx().eventBus().<JsonObject>consumer(Addresses.SCALING_DECISIONS, m -> onDecision(m.body()));
    Vertx client = Vertx.vertx();
    try {
      return run(client, ingest);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.shutdown().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private int perInstance() {
    return perInstance > 0 ? perInstance : (int) Math.ceil(baseRate * 1.25);
  }

  private void onDecision(JsonObject decision) {
    boolean scaled = decision.getString("actuation").equals("scaled");
    replicas.set(scaled ? decision.getInteger("desiredReplicas") : decision.getInteger("currentReplicas"));
    if (scaled && decision.getString("signal").equals("threat") && escalationScaledAt.get() == 0) {
      escalationScaledAt.set(decision.getLong("actuatedAt"));
      escalationReportedAt.set(decision.getJsonObject("inputs").getLong("threatReportedAt"));
    }
  }

  private int run(Vertx vertx, int ingestPort) throws Exception {
    WebClient web = WebClient.create(vertx);
    Histogram burstLatency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicInteger rate = new AtomicInteger(baseRate);
    AtomicInteger sequence = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long[] burstWindow = {Long.MAX_VALUE, Long.MAX_VALUE};
    double[] owed = {0};
    long sender = vertx.setPeriodic(20, id -> {
      owed[0] += rate.get() / 50.0;
      int count = (int) owed[0];
      owed[0] -= count;
      if (count == 0) {
        return;
      }
      JsonArray batch = new JsonArray();
      for (int i = 0; i < count; i++) {
        int n = sequence.incrementAndGet();
        batch.add(reading("bench-" + n, "bench-radio-" + (n % 16)));
      }
      long sentAt = System.nanoTime();
      web.post(ingestPort, "127.0.0.1", "/api/v1/sensors/data").sendJson(batch).onComplete(done -> {
        long now = System.nanoTime();
        if (done.failed() || done.result().statusCode() != 202) {
          failed.incrementAndGet();
        } else if (sentAt >= burstWindow[0] && sentAt < burstWindow[1]) {
          burstLatency.recordValue(Math.min(burstLatency.getHighestTrackableValue(), (now - sentAt) / 1000));
        }
      });
    });

    JsonArray timeline = new JsonArray();
    long start = System.currentTimeMillis();
    int floor = 1; // scaling.minInstances: the embedded default's floor
    sample(timeline, start, warmupSeconds * 1000L, rate);
    // a start-up transient (the first requests queue behind a cold JVM, then arrive together) may have scaled up
    sampleUntil(timeline, start, (windowSeconds + 30) * 1000L, rate, floor, false);
    int burstRate = (int) Math.round(baseRate * burstFactor);
    int needed = Math.min(maxInstances, (int) Math.ceil(burstRate / (double) perInstance()));
    rate.set(burstRate);
    long burstStart = System.currentTimeMillis();
    burstWindow[0] = System.nanoTime();
    long scaledUpAt = sampleUntil(timeline, start, burstSeconds * 1000L, rate, needed - 1, true);
    burstWindow[1] = System.nanoTime();
    int peak = timeline.stream().filter(p -> ((JsonObject) p).getInteger("rate") == burstRate).mapToInt(p -> ((JsonObject) p).getInteger("instances")).max().orElse(floor);
    rate.set(baseRate);
    long burstEnd = System.currentTimeMillis();
    long backAt = sampleUntil(timeline, start, (windowSeconds + 60) * 1000L, rate, floor, false);
    vertx.cancelTimer(sender);

    long postedAt = System.currentTimeMillis();
    web.post(ingestPort, "127.0.0.1", "/api/v1/sensors/data").sendJson(hostile()).toCompletionStage()
      .toCompletableFuture().get(10, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 30_000;
    while (escalationScaledAt.get() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }

    JsonObject result = new JsonObject()
      .put("settings", new JsonObject().put("base_rate", baseRate).put("burst_factor", burstFactor)
        .put("burst_seconds", burstSeconds).put("window_seconds", windowSeconds).put("per_instance", perInstance()).put("max_instances", maxInstances).put("scorer", scorer))
      .put("floor_instances", floor).put("burst_needs_instances", needed).put("peak_instances", peak)
      .put("time_to_scale_up_ms", scaledUpAt < 0 ? null : scaledUpAt - burstStart)
      .put("time_back_to_floor_ms", backAt < 0 ? null : backAt - burstEnd)
      .put("back_to_floor_after_window", backAt >= 0 && backAt - burstEnd >= windowSeconds * 1000L)
      .put("burst_latency", new JsonObject().put("requests", burstLatency.getTotalCount())
        .put("p50_ms", burstLatency.getValueAtPercentile(50) / 1000.0)
        .put("p99_ms", burstLatency.getValueAtPercentile(99) / 1000.0)
        .put("max_ms", burstLatency.getMaxValue() / 1000.0))
      .put("failed_requests", failed.get())
      .put("escalation", new JsonObject()
        .put("note", escalationScaledAt.get() == 0 ? "no scale call for the escalation within 30 s (with --scorer "
          + "models the payload-less hostile reading is assessed Benign)" : null)
        .put("post_to_scale_call_ms", escalationScaledAt.get() == 0 ? null : escalationScaledAt.get() - postedAt)
        .put("threat_report_to_scale_call_ms", escalationScaledAt.get() == 0 ? null
          : escalationScaledAt.get() - escalationReportedAt.get()))
      .put("timeline", timeline);
    System.out.println(String.format(Locale.ROOT, "floor %d instance(s), the burst needs %d, peak %d; time to scale up to %d: %s ms; back to the "
        + "floor %s ms after the burst (window %d s); burst p50 %.1f ms, p99 %.1f ms over %d requests; %d failed; "
        + "escalation: post to scale call %s ms, threat report to scale call %s ms", floor, needed, peak, needed,
      result.getValue("time_to_scale_up_ms"), result.getValue("time_back_to_floor_ms"), windowSeconds,
      burstLatency.getValueAtPercentile(50) / 1000.0, burstLatency.getValueAtPercentile(99) / 1000.0,
      burstLatency.getTotalCount(), failed.get(), result.getJsonObject("escalation").getValue("post_to_scale_call_ms"),
      result.getJsonObject("escalation").getValue("threat_report_to_scale_call_ms")));
    if (json) {
      System.out.println(result.encode());
    }
    return 0;
  }

  private void sample(JsonArray timeline, long start, long forMs, AtomicInteger rate) throws InterruptedException {
    sampleUntil(timeline, start, forMs, rate, -1, true);
  }

  /**
   * Samples the instance count every 250 ms for up to {@code forMs}; with a floor, returns when the count first rises
   * above it ({@code up}) or first comes back to it (not {@code up}), -1 if it never did. Rising keeps sampling to the
   * end (the burst lasts its time); returning stops there.
   */
  private long sampleUntil(JsonArray timeline, long start, long forMs, AtomicInteger rate, int floor, boolean up)
    throws InterruptedException {
    long end = System.currentTimeMillis() + forMs;
    long reached = -1;
    while (System.currentTimeMillis() < end) {
      Thread.sleep(250);
      long now = System.currentTimeMillis();
      int count = replicas.get();
      timeline.add(new JsonObject().put("t_ms", now - start).put("instances", count).put("rate", rate.get()));
      if (floor >= 0 && reached < 0 && (up ? count > floor : count == floor)) {
        reached = now;
        if (!up) {
          return reached;
        }
      }
    }
    return reached;
  }

  private static JsonObject reading(String id, String sensorId) {
    return new JsonObject().put("id", id).put("sensorId", sensorId).put("timestamp", Instant.now().toString())
      .put("classification", "Secret").put("priority", "High").put("sensorType", new JsonObject()
        .put("type", "CommsIntercept").put("frequencyMhz", 156.8).put("encryptionType", "Commercial"));
  }

  /** Passive sonar in the torpedo seeker band: Hostile under the rules and the models. */
  private static JsonObject hostile() {
    return new JsonObject().put("id", "bench-escalation").put("sensorId", "bench-towed")
      .put("timestamp", Instant.now().toString()).put("classification", "Secret").put("priority", "High")
      .put("sensorType", new JsonObject().put("type", "SonarPassive").put("frequencyMhz", 0.03).put("bearing", 120));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
