package kraken.loadgen;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to every reading of an open-loop run, so that at the end
 * {@code acked + refused + not sent == scheduled} can be checked. Latency is per acknowledged request, from its
 * intended send time, in microseconds; only requests intended after the warm-up enter the histogram.
 * Owned by one event loop.
 */
final class OpenLoopTally {

  static final String TRANSPORT_ERROR = "transport_error";
  static final String NOT_SENT_SATURATED = "not_sent_generator_saturated";
  static final String NOT_SENT_RUN_ENDED = "not_sent_run_ended";

  final Histogram latencyMicros = new Histogram(3);
  final Map<String, Long> refusedByReason = new TreeMap<>();
  final Map<String, Long> notSentByReason = new TreeMap<>();
  /** Every refusal of every attempt, including those resent and acknowledged later: what the client saw. */
  final Map<String, Long> refusalsSeen = new TreeMap<>();
  long scheduled;
  long transmitted;
  long acked;
  long ackedInMeasuredWindow;
  long requests;
  /** Readings resent after a refusal (each resend counts). */
  long retried;
  /** Readings resent at least once and finally left unacknowledged (counted under refused by their last reason). */
  long givenUp;

  void scheduled(int readings) {
    scheduled += readings;
  }

  void transmitted(int readings) {
    transmitted += readings;
    requests++;
  }

  void acked(int readings, long latencyNanos, boolean measured) {
    acked += readings;
    if (measured) {
      ackedInMeasuredWindow += readings;
      latencyMicros.recordValue(Math.max(1, latencyNanos / 1000));
    }
  }

  void refused(String reason, int readings) {
    refusedByReason.merge(reason, (long) readings, Long::sum);
  }

  void refusalSeen(String reason, int readings) {
    refusalsSeen.merge(reason, (long) readings, Long::sum);
  }

  void retried(int readings) {
    retried += readings;
  }

  void givenUp(int readings) {
    givenUp += readings;
  }

  void notSent(String reason, long readings) {
    notSentByReason.merge(reason, readings, Long::sum);
  }

  long refused() {
    return refusedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  long notSent() {
    return notSentByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Milliseconds at {@code percentile} (0-100) of the acknowledged requests so far, NaN before the first. */
  double latencyMillis(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? Double.NaN
      : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  double maxLatencyMillis() {
    return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
  }
}
