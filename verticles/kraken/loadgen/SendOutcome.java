package kraken.loadgen;

import java.util.Map;

/**
 * What the ingest side said about one request: every reading acknowledged, or refused with a reason code
 * ({@code overloaded}, {@code invalid_value}, ... as ingest names them; {@code http_<status>} when the refusal
 * carried no reason). A refusal can name the whole request ({@code refusalForAll}) or single readings by index;
 * readings a refusal does not name were refused with the rest ({@code rejected_with_batch}).
 */
public record SendOutcome(int readings, String refusalForAll, Map<Integer, String> refusalByReading) {

  static final String REJECTED_WITH_BATCH = "rejected_with_batch";

  public static SendOutcome acked(int readings) {
    return new SendOutcome(readings, null, Map.of());
  }

  public static SendOutcome refused(int readings, String reason) {
    return new SendOutcome(readings, reason, Map.of());
  }

  public static SendOutcome refusedByReading(int readings, Map<Integer, String> reasons) {
    return new SendOutcome(readings, null, Map.copyOf(reasons));
  }

  public boolean allAcked() {
    return refusalForAll == null && refusalByReading.isEmpty();
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
