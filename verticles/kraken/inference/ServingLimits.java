package kraken.inference;

import io.vertx.core.json.JsonObject;
import kraken.config.Settings;

/** How the inference workers and batchers are sized (see the {@code inference.*} settings). */
public record ServingLimits(int workers, int maxBatchRows, int maxWaitMicros, int maxQueuedRows) {

  public ServingLimits {
    if (workers < 1 || maxBatchRows < 1 || maxWaitMicros < 0 || maxQueuedRows < 1) {
      throw new IllegalArgumentException("invalid serving limits: " + workers + " workers, " + maxBatchRows
        + " rows per batch, " + maxWaitMicros + " µs wait, " + maxQueuedRows + " queued rows");
    }
  }

  public static ServingLimits from(JsonObject config) {
    int workers = Settings.INFERENCE_WORKERS.from(config);
    return new ServingLimits(workers == 0 ? Runtime.getRuntime().availableProcessors() : workers,
      Settings.INFERENCE_BATCH_MAX_ROWS.from(config), Settings.INFERENCE_BATCH_MAX_WAIT_MICROS.from(config),
      Settings.INFERENCE_QUEUE_MAX_ROWS.from(config));
  }
}
