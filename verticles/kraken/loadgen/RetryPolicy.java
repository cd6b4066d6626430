package kraken.loadgen;

/**
 * What a careful sensor resends with {@code --retry}, and when. Ingest marks a refusal worth resending with
 * {@code Retry-After} (503 {@code overloaded}, {@code pipeline_unavailable}, {@code pipeline_timeout},
 * {@code storage_unavailable}); a transport error or timeout says nothing about the request, so it is resent too.
 * Everything else (4xx: the request is wrong; 500: it would fail again) is final. Resending is safe because the
 * picture folds a reading once per {@code (sensorId, id)} within its deduplication window (30 s by default), so
 * a reading is resent only up to {@link #GIVE_UP_AFTER_MILLIS} after it was first sent.
 */
final class RetryPolicy {

  /** Well inside the server's 30 s deduplication window, so a resend can never be counted a second time. */
  static final long GIVE_UP_AFTER_MILLIS = 20_000;
  /** A transport error carries no Retry-After; a short pause lets the spread transport find a live target. */
  static final long AFTER_TRANSPORT_ERROR_MILLIS = 250;

  private RetryPolicy() {
  }

  /** How long to wait before resending after this refusal, or -1 when it must not be resent. */
  static long delayMillis(String reason, SendOutcome outcome) {
    if (OpenLoopTally.TRANSPORT_ERROR.equals(reason)) {
      return AFTER_TRANSPORT_ERROR_MILLIS;
    }
    return outcome != null && outcome.invitesRetry() ? outcome.retryAfterMillis() : -1;
  }

  static boolean stillWorthResending(long firstSentNanos, long nowNanos) {
    return nowNanos - firstSentNanos < GIVE_UP_AFTER_MILLIS * 1_000_000;
  }
}
