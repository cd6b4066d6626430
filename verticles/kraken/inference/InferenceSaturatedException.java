package kraken.inference;

/** The worker pool's queue is full ({@code inference.queue.maxRows}): refused at once, the rules answer. */
public final class InferenceSaturatedException extends RuntimeException {

  public InferenceSaturatedException(String role, int rows, int queued, int maxQueued) {
    super("inference saturated: " + rows + " " + role + " rows refused, " + queued + " rows queued of at most "
      + maxQueued + " (inference.queue.maxRows)", null, false, false);
  }
}
