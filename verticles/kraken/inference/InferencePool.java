package kraken.inference;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inference workers ({@code inference.workers} threads, off the event loop). Each worker keeps one DJL predictor
 * per serving model version, made on first use and used by that worker only (a predictor is not thread-safe); a
 * version's predictors are closed with it when it retires, and the worker forgets them on its next run. What waits
 * for a worker is bounded upstream, by the batchers' queue budget.
 */
final class InferencePool {

  private final ThreadPoolExecutor executor;

  InferencePool(int workers) {
    AtomicInteger numbers = new AtomicInteger();
    executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
      task -> new Worker(task, "kraken-inference-" + numbers.incrementAndGet()));
  }

  int workers() {
    return executor.getMaximumPoolSize();
  }

  void execute(Runnable task) {
    executor.execute(task);
  }

  /** The calling worker's predictor for {@code model}; the caller holds a reference on the model. */
  static Predictor<NDList, NDList> predictorFor(ServingModel model) {
    if (!(Thread.currentThread() instanceof Worker worker)) {
      throw new IllegalStateException("models run on inference workers only, not on " + Thread.currentThread());
    }
    return worker.predictorFor(model);
  }

  /** Stops taking work and waits (blocking: call it off the event loop) until the runs in progress are done. */
  void shutdown(long timeoutMs) throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private static final class Worker extends Thread {

    private final Map<ServingModel, Predictor<NDList, NDList>> predictors = new HashMap<>();

    Worker(Runnable task, String name) {
      super(task, name);
      setDaemon(true);
    }

    Predictor<NDList, NDList> predictorFor(ServingModel model) {
      if (predictors.size() > 0) {
        predictors.keySet().removeIf(ServingModel::isClosed);
      }
      return predictors.computeIfAbsent(model, ServingModel::newPredictor);
    }
  }
}
