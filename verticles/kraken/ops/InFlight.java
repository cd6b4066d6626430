package kraken.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Counts the batches a verticle holds, so that it can refuse more when full and, on stop, wait until those it
 * holds are answered. Used from the verticle's own event loop only.
 */
public final class InFlight {

  private int count;
  private Promise<Void> drained;

  public int count() {
    return count;
  }

  public void begin() {
    count++;
  }

  public void end() {
    count--;
    if (count == 0 && drained != null) {
      drained.tryComplete();
    }
  }

  /** Completes when nothing is held any more, or after {@code timeoutMs}, whichever comes first. */
  public Future<Void> drained(Vertx vertx, long timeoutMs) {
    if (count == 0) {
      return Future.succeededFuture();
    }
    drained = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> drained.tryComplete());
    return drained.future().onComplete(done -> vertx.cancelTimer(timer));
  }
}
