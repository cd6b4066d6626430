package kraken.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** Repeats an asynchronous attempt, 50 ms apart, until its result satisfies a condition or a deadline passes. */
public final class Attempts {

  private Attempts() {
  }

  /** The first result that satisfies {@code done}, or the last one once {@code deadlineMillis} (epoch ms) passed. */
  public static <T> Future<T> until(Vertx vertx, Supplier<Future<T>> attempt, Predicate<T> done, long deadlineMillis) {
    return attempt.get().compose(result -> {
      if (done.test(result) || System.currentTimeMillis() > deadlineMillis) {
        return Future.succeededFuture(result);
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(50, id -> later.complete());
      return later.future().compose(v -> until(vertx, attempt, done, deadlineMillis));
    });
  }
}
