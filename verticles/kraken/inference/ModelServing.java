package kraken.inference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import kraken.ops.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The model serving machinery behind one door: the {@link ModelRegistry} (which versions serve), the
 * {@link InferencePool} (workers with their own predictors) and one {@link AdaptiveBatcher} per role. A model scorer
 * calls {@link #infer} from its event loop with the feature rows of one bus message; rows from many messages are run
 * together and each caller gets its own rows' outputs back on its context.
 */
public final class ModelServing {

  private static final Logger LOG = LoggerFactory.getLogger(ModelServing.class);

  private final Vertx vertx;
  private final ModelRegistry registry;
  private final ServingLimits limits;
  private final MeterRegistry meters;
  private final InferencePool pool;
  private final RowBudget budget;
  private final ScheduledExecutorService clock;
  private final Map<String, AdaptiveBatcher> batchers = new ConcurrentHashMap<>();
  private final List<Meter> gauges = new ArrayList<>();
  private MultiGauge servingVersions;

  public ModelServing(Vertx vertx, ModelRegistry registry, ServingLimits limits, MeterRegistry meters) {
    this.vertx = vertx;
    this.registry = registry;
    this.limits = limits;
    this.meters = meters;
    this.pool = new InferencePool(limits.workers());
    this.budget = new RowBudget(limits.maxQueuedRows());
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "kraken-batch-deadlines");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    this.clock = Executors.unconfigurableScheduledExecutorService(scheduler);
    registerGauges();
    LOG.info("model serving: {} workers, batches of at most {} rows or {} µs, at most {} rows queued",
      limits.workers(), limits.maxBatchRows(), limits.maxWaitMicros(), limits.maxQueuedRows());
  }

  public Vertx vertx() {
    return vertx;
  }

  public ModelRegistry registry() {
    return registry;
  }

  public ServingLimits limits() {
    return limits;
  }

  /**
   * Runs {@code count} rows (laid out row after row in {@code rows}, as many features each as the role's model takes)
   * through the serving version of {@code role}; the outputs come back row after row. Fails with
   * {@link NoModelException} when no version serves, {@link InferenceSaturatedException} at once when the queue is
   * full, or the model's own failure.
   */
  public Future<float[]> infer(String role, float[] rows, int count) {
    return inferWithModel(role, rows, count).map(Inferred::outputs);
  }

  /** As {@link #infer}, with the card of the version that answered (for the assessment's {@code models}). */
  public Future<Inferred> inferWithModel(String role, float[] rows, int count) {
    AdaptiveBatcher batcher = batchers.computeIfAbsent(role,
      r -> new AdaptiveBatcher(r, registry, pool, budget, clock, limits, meters));
    return batcher.submit(rows, count, vertx.getOrCreateContext());
  }

  /** Rows queued or running now, all roles. */
  public int queuedRows() {
    return budget.queued();
  }

  /** Stops the workers (after the runs in progress), then retires every model version. */
  public Future<Void> close() {
    gauges.forEach(meters::remove);
    servingVersions.register(List.of(), true);
    return vertx.executeBlocking(() -> {
      pool.shutdown(10_000);
      clock.shutdownNow();
      return null;
    }, false).compose(v -> registry.close());
  }

  private void registerGauges() {
    gauges.add(Gauge.builder(Meters.INFERENCE_QUEUED_ROWS, budget, RowBudget::queued)
      .description("Rows waiting for or in a model run (all roles)").baseUnit("rows").register(meters));
    gauges.add(Gauge.builder(Meters.INFERENCE_MAX_ROWS, limits, ServingLimits::maxBatchRows)
      .description("Configured most rows per model batch (inference.batch.maxRows)").baseUnit("rows").register(meters));
    gauges.add(TimeGauge.builder(Meters.INFERENCE_MAX_WAIT, limits, TimeUnit.MICROSECONDS, ServingLimits::maxWaitMicros)
      .description("Configured longest wait of a model batch (inference.batch.maxWaitMicros)").register(meters));
    servingVersions = MultiGauge.builder(Meters.INFERENCE_MODELS)
      .description("1 for each model version serving now, tagged with its role and version").register(meters);
    registry.onChange(versions -> servingVersions.register(versions.entrySet().stream()
      .map(e -> MultiGauge.Row.of(Tags.of("role", e.getKey(), "version", e.getValue()), 1)).toList(), true));
  }
}
