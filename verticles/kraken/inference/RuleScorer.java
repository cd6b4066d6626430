package kraken.inference;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import kraken.bus.ContactUpdate;
import kraken.bus.ReadingBatch;

import java.util.List;

/**
 * The transparent rules ({@link ContactFusion} over {@link RuleBasedScorer}, model {@code rules-1}) behind the
 * {@link Scorer} interface, on a small worker executor of their own: they keep answering when the model worker pool
 * is saturated, which is exactly when {@link DegradingScorer} needs them.
 */
public final class RuleScorer implements Scorer {

  static final String EXECUTOR = "kraken-rules";

  private final ContactFusion fusion = new ContactFusion(new RuleBasedScorer());
  private final WorkerExecutor executor;

  public RuleScorer(Vertx vertx, int workers) {
    this.executor = vertx.createSharedWorkerExecutor(EXECUTOR, workers);
  }

  @Override
  public Future<List<ContactUpdate>> assess(ReadingBatch batch) {
    return executor.executeBlocking(() -> fusion.updates(batch, System.currentTimeMillis()), false);
  }

  @Override
  public Future<Void> close() {
    return executor.close();
  }
}
