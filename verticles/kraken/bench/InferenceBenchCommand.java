package kraken.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.bus.ReadingBatch;
import kraken.bus.SensorReading;
import kraken.inference.JarModelSource;
import kraken.inference.ModelRegistry;
import kraken.inference.ModelRoles;
import kraken.inference.ModelScorer;
import kraken.inference.ModelServing;
import kraken.inference.OfflineModels;
import kraken.inference.OfflineScorer;
import kraken.inference.OnnxModel;
import kraken.inference.ScoringSteps;
import kraken.inference.ServingLimits;
import kraken.inference.features.Modality;
import kraken.loadgen.LoadGenCommand;
import kraken.ops.Meters;
import kraken.simulation.Ocean;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kraken bench-inference}: the jar's five models on simulated readings (payloads included), measured in one
 * JVM: the latency of one batch through the whole pipeline, sustained throughput, the raw ONNX Runtime rate on the
 * same rows, the batch-size/latency trade-off, and the memory it takes.
 */
@Command(name = "bench-inference", mixinStandardHelpOptions = true, sortOptions = false,
  description = {"Benchmarks inference on the jar's five models and simulated readings: latency of --batch readings "
    + "through the whole pipeline (features, five models, fusion), sustained throughput with --in-flight batches, the "
    + "raw ONNX Runtime rate on the same rows (and the serving machinery's rate on them), the batch-size/latency "
    + "trade-off, and RSS. A progress line each second on stderr; --json ends stdout with every figure.", ""})
public final class InferenceBenchCommand implements Callable<Integer> {

  @Option(names = "--batch", description = "Readings per batch in the latency and throughput runs (default ${DEFAULT-VALUE}).")
  int batch = 1000;

  @Option(names = "--latency-batches", description = "Batches measured one after another (default ${DEFAULT-VALUE}).")
  int latencyBatches = 200;

  @Option(names = "--warmup-batches", description = "Batches run first and not measured (default ${DEFAULT-VALUE}).")
  int warmupBatches = 100;

  @Option(names = "--duration", description = "Length of the throughput and raw runs (default ${DEFAULT-VALUE}).")
  String duration = "15s";

  @Option(names = "--in-flight", description = "Batches in flight in the throughput run (default ${DEFAULT-VALUE}).")
  int inFlight = 4;

  @Option(names = "--workers", description = "Inference workers, and raw threads (0: one per processor; default ${DEFAULT-VALUE}).")
  int workers = 0;

  @Option(names = "--tradeoff", split = ",", paramLabel = "ROWS:MICROS",
    description = "Batching limits to compare, max rows:max wait µs (default ${DEFAULT-VALUE}).")
  List<String> tradeoff = List.of("32:100", "128:250", "512:1000", "2048:2000");

  @Option(names = "--tradeoff-duration", description = "Length of each trade-off run (default ${DEFAULT-VALUE}).")
  String tradeoffDuration = "5s";

  @Option(names = "--message-readings", description = "Readings per message in the trade-off runs (default ${DEFAULT-VALUE}).")
  int messageReadings = 50;

  @Option(names = "--messages-in-flight", description = "Messages in flight in the trade-off runs (default ${DEFAULT-VALUE}).")
  int messagesInFlight = 16;

  @Option(names = "--smoke", description = "A run of a few seconds (for CI): small counts and durations.")
  boolean smoke;

  @Option(names = "--json", description = "End stdout with one JSON object holding every figure.")
  boolean json;

  private final Progress progress = new Progress();

  @Override
  public Integer call() throws Exception {
    if (smoke) {
      latencyBatches = 10;
      warmupBatches = 5;
      duration = "1s";
      tradeoff = List.of("64:200", "512:1000");
      tradeoffDuration = "1s";
      batch = Math.min(batch, 200);
    }
    long runMs = LoadGenCommand.parseDuration(duration).toMillis();
    long tradeoffMs = LoadGenCommand.parseDuration(tradeoffDuration).toMillis();
    int threads = workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    kraken.launcher.LogSetup.toolLogsToStderr();
    OnnxModel.offline();
    List<SensorReading> pool = readings(Math.max(batch * 4, messageReadings * messagesInFlight * 4));
    Vertx vertx = Vertx.vertx();
    ModelRegistry registry = new ModelRegistry(vertx);
    try {
      registry.loadFrom(new JarModelSource(vertx)).await();
      if (!registry.versions().keySet().containsAll(ModelRoles.ALL)) {
        System.err.println("kraken bench-inference: the jar lacks models: serving " + registry.versions());
        return 1;
      }
      JsonObject result = new JsonObject().put("settings", new JsonObject().put("batch", batch)
        .put("latency_batches", latencyBatches).put("warmup_batches", warmupBatches).put("duration_ms", runMs)
        .put("in_flight", inFlight).put("workers", threads).put("models", new JsonObject(new java.util.LinkedHashMap<>(
          registry.versions()))));
      ServingLimits defaults = ServingLimits.from(new JsonObject().put("inference.workers", threads));
      result.put("latency", latency(vertx, registry, defaults, pool));
      result.put("throughput", throughput(vertx, registry, defaults, pool, runMs));
      // Here the JVM is what a node's inference is: five models, their predictors, a pipeline under load. The raw
      // phase next loads extra copies of the models (one per thread), so memory is read before it.
      System.gc();
      Runtime rt = Runtime.getRuntime();
      JsonObject memory = new JsonObject().put("rss_mb", rssMb())
        .put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / 1_048_576.0).put("heap_max_mb", rt.maxMemory() / 1_048_576.0);
      result.put("raw", raw(vertx, registry, defaults, pool, runMs, threads));
      JsonArray table = new JsonArray();
      for (String pair : tradeoff) {
        String[] parts = pair.split(":");
        table.add(tradeoffRow(vertx, registry, new ServingLimits(threads, Integer.parseInt(parts[0].trim()),
          Integer.parseInt(parts[1].trim()), defaults.maxQueuedRows()), pool, tradeoffMs));
      }
      result.put("tradeoff", table);
      result.put("memory", memory.put("peak_rss_mb", peakRssMb()));
      progress.stop();
      print(result);
      if (json) {
        System.out.println(result.encode());
      }
      return 0;
    } finally {
      progress.stop();
      registry.close().await();
      vertx.close().await();
    }
  }

  /** Simulated readings with their payloads, from a seed, as ingest hands them to inference. */
  private List<SensorReading> readings(int count) {
    Ocean ocean = new Ocean(11, 48, Ocean.DEFAULT_ANOMALY_RATE, "bench", Ocean.DEFAULT_START_MS);
    List<SensorReading> readings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      readings.add(ocean.next(Ocean.DEFAULT_START_MS + i * 10L).sensorReading());
    }
    return readings;
  }

  private ReadingBatch batchAt(List<SensorReading> pool, long index, int size) {
    int from = (int) ((index * size) % (pool.size() - size));
    return new ReadingBatch("bench", System.currentTimeMillis(), pool.subList(from, from + size));
  }

  private JsonObject latency(Vertx vertx, ModelRegistry registry, ServingLimits limits, List<SensorReading> pool) {
    ModelServing serving = new ModelServing(vertx, registry, limits, new SimpleMeterRegistry());
    ModelScorer scorer = new ModelScorer(serving, new JsonObject());
    Histogram micros = new Histogram(3);
    int total = warmupBatches + latencyBatches;
    progress.start("latency", total);
    for (int i = 0; i < total; i++) {
      long started = System.nanoTime();
      scorer.assess(batchAt(pool, i, batch)).await();
      if (i >= warmupBatches) {
        micros.recordValue((System.nanoTime() - started) / 1000);
      }
      progress.done(1);
    }
    return new JsonObject().put("readings_per_batch", batch).put("batches", latencyBatches)
      .put("p50_ms", micros.getValueAtPercentile(50) / 1000.0).put("p99_ms", micros.getValueAtPercentile(99) / 1000.0)
      .put("max_ms", micros.getMaxValue() / 1000.0);
  }

  /** Batches kept in flight for {@code ms}: readings, assessments and model rows per second. */
  private JsonObject throughput(Vertx vertx, ModelRegistry registry, ServingLimits limits, List<SensorReading> pool,
                                long ms) throws InterruptedException {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ModelServing serving = new ModelServing(vertx, registry, limits, meters);
    ModelScorer scorer = new ModelScorer(serving, new JsonObject());
    AtomicLong assessments = new AtomicLong();
    Run run = keepInFlight("throughput", inFlight, ms, i -> scorer.assess(batchAt(pool, i, batch))
      .onSuccess(updates -> assessments.addAndGet(updates.size())).mapEmpty());
    double rows = meters.find(Meters.INFERENCE_ROWS).counters().stream().mapToDouble(Counter::count).sum();
    return new JsonObject().put("readings_per_second", run.completed * batch / run.seconds)
      .put("assessments_per_second", assessments.get() / run.seconds).put("model_rows_per_second", rows / run.seconds)
      .put("mean_batch_rows", meanBatchRows(meters));
  }

  /**
   * The same batches' rows (features computed beforehand) run straight through ONNX Runtime, one predictor per
   * thread per model; and through the serving machinery (batcher + pool) without features or fusion logic.
   */
  private JsonObject raw(Vertx vertx, ModelRegistry registry, ServingLimits limits, List<SensorReading> pool, long ms,
                         int threads) throws Exception {
    List<RoleRows> prepared = prepare(pool);
    long rowsPerRound = prepared.stream().mapToLong(RoleRows::count).sum();
    progress.start("raw ONNX Runtime", 0);
    AtomicLong rounds = new AtomicLong();
    long deadline = System.nanoTime() + ms * 1_000_000;
    long started = System.nanoTime();
    List<Thread> runners = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try (OfflineModels models = OfflineModels.fromJar()) {
          while (System.nanoTime() < deadline) {
            for (RoleRows rows : prepared) {
              models.run(rows.role(), rows.rows(), rows.count());
            }
            rounds.incrementAndGet();
            progress.done(rowsPerRound);
          }
        }
      }, "bench-raw-" + t);
      thread.start();
      runners.add(thread);
    }
    for (Thread thread : runners) {
      thread.join();
    }
    double rawRowsPerSecond = rounds.get() * rowsPerRound / ((System.nanoTime() - started) / 1e9);
    ModelServing serving = new ModelServing(vertx, registry, limits, new SimpleMeterRegistry());
    Run served = keepInFlight("serving machinery", inFlight, ms, i -> Future.all(prepared.stream()
      .map(rows -> serving.infer(rows.role(), rows.rows(), rows.count())).toList()).mapEmpty());
    double servedRowsPerSecond = served.completed * rowsPerRound / served.seconds;
    return new JsonObject().put("rows_per_round", rowsPerRound).put("raw_rows_per_second", rawRowsPerSecond)
      .put("serving_rows_per_second", servedRowsPerSecond)
      .put("serving_ratio", servedRowsPerSecond / rawRowsPerSecond);
  }

  private record RoleRows(String role, float[] rows, int count) {
  }

  /** One batch's rows per role, as serving would run them: the three classifiers, the detector, the fusion. */
  private List<RoleRows> prepare(List<SensorReading> pool) {
    List<SensorReading> readings = pool.subList(0, batch);
    try (OfflineModels models = OfflineModels.fromJar()) {
      OfflineScorer offline = new OfflineScorer(models, 1_000_000);
      ScoringSteps.Features features = offline.steps().features(readings);
      List<RoleRows> prepared = new ArrayList<>();
      for (Modality m : Modality.values()) {
        if (features.count(m) > 0) {
          prepared.add(new RoleRows(ScoringSteps.role(m), features.rows(m), features.count(m)));
        }
      }
      prepared.add(new RoleRows(ModelRoles.ANOMALY, features.anomalyRows(), readings.size()));
      ScoringSteps.Fused fused = offline.fold(readings, kraken.inference.ContactKeys::contactOf);
      prepared.add(new RoleRows(ModelRoles.FUSION, fused.fusionRows(), fused.contacts().size()));
      return prepared;
    }
  }

  private JsonObject tradeoffRow(Vertx vertx, ModelRegistry registry, ServingLimits limits, List<SensorReading> pool,
                                 long ms) throws InterruptedException {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ModelServing serving = new ModelServing(vertx, registry, limits, meters);
    ModelScorer scorer = new ModelScorer(serving, new JsonObject());
    Histogram micros = new Histogram(3);
    Run run = keepInFlight("trade-off " + limits.maxBatchRows() + " rows / " + limits.maxWaitMicros() + " µs",
      messagesInFlight, ms, i -> {
        long started = System.nanoTime();
        return scorer.assess(batchAt(pool, i, messageReadings))
          .onSuccess(updates -> {
            synchronized (micros) {
              micros.recordValue((System.nanoTime() - started) / 1000);
            }
          }).mapEmpty();
      });
    double rows = meters.find(Meters.INFERENCE_ROWS).counters().stream().mapToDouble(Counter::count).sum();
    return new JsonObject().put("max_rows", limits.maxBatchRows()).put("max_wait_micros", limits.maxWaitMicros())
      .put("p50_ms", micros.getValueAtPercentile(50) / 1000.0).put("p99_ms", micros.getValueAtPercentile(99) / 1000.0)
      .put("readings_per_second", run.completed * messageReadings / run.seconds)
      .put("model_rows_per_second", rows / run.seconds).put("mean_batch_rows", meanBatchRows(meters));
  }

  private static double meanBatchRows(SimpleMeterRegistry meters) {
    double rows = 0;
    double batches = 0;
    for (DistributionSummary summary : meters.find(Meters.INFERENCE_BATCH_ROWS).summaries()) {
      rows += summary.totalAmount();
      batches += summary.count();
    }
    return batches == 0 ? 0 : rows / batches;
  }

  private record Run(long completed, double seconds) {
  }

  /** Keeps {@code inFlight} operations going for {@code ms}, then waits for the last; counts the completed ones. */
  private Run keepInFlight(String phase, int inFlight, long ms, java.util.function.LongFunction<Future<Void>> operation)
    throws InterruptedException {
    Semaphore slots = new Semaphore(inFlight);
    AtomicLong completed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    progress.start(phase, 0);
    long started = System.nanoTime();
    long deadline = started + ms * 1_000_000;
    for (long i = 0; System.nanoTime() < deadline; i++) {
      if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      operation.apply(i).onComplete(done -> {
        if (done.succeeded()) {
          completed.incrementAndGet();
          progress.done(1);
        } else {
          failed.incrementAndGet();
        }
        slots.release();
      });
    }
    slots.acquire(inFlight);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failed.get() > 0) {
      throw new IllegalStateException(phase + ": " + failed.get() + " operations failed");
    }
    return new Run(completed.get(), seconds);
  }

  private static double rssMb() {
    return statusMb("VmRSS:");
  }

  private static double peakRssMb() {
    return statusMb("VmHWM:");
  }

  private static double statusMb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private void print(JsonObject r) {
    JsonObject latency = r.getJsonObject("latency");
    JsonObject throughput = r.getJsonObject("throughput");
    JsonObject raw = r.getJsonObject("raw");
    System.out.printf(Locale.ROOT, "latency, %d readings through the pipeline: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
      batch, latency.getDouble("p50_ms"), latency.getDouble("p99_ms"), latency.getDouble("max_ms"));
    System.out.printf(Locale.ROOT, "throughput, %d batches in flight: %.0f readings/s, %.0f assessments/s, "
        + "%.0f model rows/s (mean batch %.0f rows)%n", inFlight, throughput.getDouble("readings_per_second"),
      throughput.getDouble("assessments_per_second"), throughput.getDouble("model_rows_per_second"),
      throughput.getDouble("mean_batch_rows"));
    System.out.printf(Locale.ROOT, "raw ONNX Runtime on the same rows: %.0f rows/s; serving machinery on them: %.0f "
        + "rows/s (ratio %.2f); whole pipeline's model rows/s to raw: %.3f%n", raw.getDouble("raw_rows_per_second"),
      raw.getDouble("serving_rows_per_second"), raw.getDouble("serving_ratio"),
      throughput.getDouble("model_rows_per_second") / raw.getDouble("raw_rows_per_second"));
    System.out.println("max rows | max wait µs | p50 ms | p99 ms | readings/s | model rows/s | mean batch rows");
    for (Object o : r.getJsonArray("tradeoff")) {
      JsonObject row = (JsonObject) o;
      System.out.printf(Locale.ROOT, "%8d | %11d | %6.2f | %6.2f | %10.0f | %12.0f | %15.1f%n",
        row.getInteger("max_rows"), row.getInteger("max_wait_micros"), row.getDouble("p50_ms"),
        row.getDouble("p99_ms"), row.getDouble("readings_per_second"), row.getDouble("model_rows_per_second"),
        row.getDouble("mean_batch_rows"));
    }
    JsonObject memory = r.getJsonObject("memory");
    System.out.printf(Locale.ROOT, "memory after the throughput run: RSS %.0f MB, heap used %.0f of %.0f MB; peak RSS "
        + "over the whole run %.0f MB%n", memory.getDouble("rss_mb"), memory.getDouble("heap_used_mb"),
      memory.getDouble("heap_max_mb"), memory.getDouble("peak_rss_mb"));
  }

  /** A progress line each second on stderr: phase, rate, and ETA when the phase has a known total. */
  private static final class Progress {
    private final java.util.concurrent.ScheduledExecutorService timer =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-progress");
        thread.setDaemon(true);
        return thread;
      });
    private volatile String phase = "";
    private volatile long total;
    private final AtomicLong done = new AtomicLong();
    private volatile long phaseStarted;

    Progress() {
      timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
    }

    void start(String phase, long total) {
      this.phase = phase;
      this.total = total;
      this.done.set(0);
      this.phaseStarted = System.nanoTime();
    }

    void done(long n) {
      done.addAndGet(n);
    }

    private void print() {
      double seconds = (System.nanoTime() - phaseStarted) / 1e9;
      double rate = done.get() / Math.max(1e-9, seconds);
      System.err.printf(Locale.ROOT, "kraken bench-inference: %s: %d done, %.0f/s%s%n", phase, done.get(), rate,
        total > 0 ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done.get()) / Math.max(1e-9, rate)) : "");
    }

    void stop() {
      timer.shutdownNow();
    }
  }
}
