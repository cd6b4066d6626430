package kraken.inference;

import io.vertx.core.Future;
import kraken.bus.ContactUpdate;
import kraken.bus.ReadingBatch;

import java.util.List;

/**
 * Turns a batch of readings into one update per contact, asynchronously: an implementation never scores on the
 * caller's event loop (rules run on their own small worker executor, models on the inference worker pool), and its
 * future completes on the caller's context.
 */
public interface Scorer {

  Future<List<ContactUpdate>> assess(ReadingBatch batch);

  /** Releases what the scorer holds (executors, models); called once the verticle has drained. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
