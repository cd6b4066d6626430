package kraken.bus;

/**
 * Failure codes on the pipeline's request/reply addresses, so that ingest can tell its sender the truth:
 * whether the readings were not taken, may have been taken, or cannot be processed.
 */
public final class PipelineFailure {

  /** Nobody downstream to take the batch: nothing was written; retry later. */
  public static final int UNAVAILABLE = 503;
  /** Downstream did not confirm in time: the batch may be in the picture; resending the same request is safe. */
  public static final int TIMEOUT = 504;
  /** Processing the batch failed: some contacts may have been written; resending will most likely fail again. */
  public static final int FAILED = 500;

  private PipelineFailure() {
  }
}
