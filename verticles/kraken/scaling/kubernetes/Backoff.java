package kraken.scaling.kubernetes;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with jitter for Kubernetes API calls: attempt {@code n} (0-based) waits a random time
 * between half and all of {@code min(maxDelayMs, firstDelayMs * 2^n)}, so that several scalers (or several policies
 * of one scaler) that failed together do not retry together, and no wait is ever zero. After {@code attempts} tries
 * the call fails; the reconciler tries again on its next tick.
 */
public record Backoff(int attempts, long firstDelayMs, long maxDelayMs) {

  /** Five tries within about 3 s: well inside the 30 s reaction bound, long enough for an API server to recover. */
  public static final Backoff DEFAULT = new Backoff(5, 100, 2000);

  public Backoff {
    if (attempts < 1 || firstDelayMs < 1 || maxDelayMs < firstDelayMs) {
      throw new IllegalArgumentException("backoff: expected attempts >= 1 and 1 <= firstDelayMs <= maxDelayMs, got "
        + attempts + ", " + firstDelayMs + ", " + maxDelayMs);
    }
  }

  /** The wait before retry number {@code retry} (0 is the wait after the first failure). */
  public long delayMs(int retry) {
    long ceiling = Math.min(maxDelayMs, firstDelayMs << Math.min(retry, 20));
    long half = Math.max(1, ceiling / 2);
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
