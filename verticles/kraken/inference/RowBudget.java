package kraken.inference;

import java.util.concurrent.atomic.AtomicInteger;

/** Rows waiting for or in a model run, all roles together, bounded by {@code inference.queue.maxRows}. */
final class RowBudget {

  private final int max;
  private final AtomicInteger queued = new AtomicInteger();

  RowBudget(int max) {
    this.max = max;
  }

  /** Takes room for {@code rows}, or refuses at once when that would pass the bound. */
  void take(String role, int rows) {
    while (true) {
      int now = queued.get();
      if (now + rows > max) {
        throw new InferenceSaturatedException(role, rows, now, max);
      }
      if (queued.compareAndSet(now, now + rows)) {
        return;
      }
    }
  }

  void give(int rows) {
    queued.addAndGet(-rows);
  }

  int queued() {
    return queued.get();
  }

  int max() {
    return max;
  }
}
