package kraken.loadgen;

import java.util.Map;

/**
 * What the ingest side said about one request: every reading acknowledged, or refused with a reason code
 * ({@code overloaded}, {@code invalid_value}, ... as ingest names them; {@code http_<status>} when the refusal
 * carried no reason). A refusal can name the whole request ({@code refusalForAll}) or single readings by index;
 * readings a refusal does not name were refused with the rest ({@code rejected_with_batch}).
 *
 * @param retryAfterMillis what the refusal's {@code Retry-After} asked for, or -1 when it had none: ingest sends
 *                         it exactly when resending the same readings later is the right thing to do
 */
public record SendOutcome(int readings, String refusalForAll, Map<Integer, String> refusalByReading,
                          long retryAfterMillis) {

  static final String REJECTED_WITH_BATCH = "rejected_with_batch";

  public static SendOutcome acked(int readings) {
    return new SendOutcome(readings, null, Map.of(), -1);
  }

  public static SendOutcome refused(int readings, String reason) {
    return new SendOutcome(readings, reason, Map.of(), -1);
  }

  public static SendOutcome refusedByReading(int readings, Map<Integer, String> reasons) {
    return new SendOutcome(readings, null, Map.copyOf(reasons), -1);
  }

  /** The same refusal, saying the sender may resend after {@code millis}. */
  public SendOutcome retryAfter(long millis) {
    return new SendOutcome(readings, refusalForAll, refusalByReading, millis);
  }

  public boolean allAcked() {
    return refusalForAll == null && refusalByReading.isEmpty();
  }

  /** The refusal asked to be resent later (a 503 with {@code Retry-After}). */
  public boolean invitesRetry() {
    return retryAfterMillis >= 0;
  }

  /** The reason reading {@code index} was refused, or null if it was acknowledged. */
  public String refusal(int index) {
    if (allAcked()) {
      return null;
    }
    if (refusalForAll != null) {
      return refusalForAll;
    }
    return refusalByReading.getOrDefault(index, REJECTED_WITH_BATCH);
  }
}
