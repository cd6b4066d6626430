package kraken.loadgen;

import java.net.URI;
import java.time.Duration;

/** What a load run does; {@link #problem()} says why a plan cannot run, or null. */
public record LoadPlan(URI ingestUrl, URI metricsUrl, Duration warmup, Duration duration, int concurrency,
                       int batchSize, int sensors) {

  static final Duration MAX_DURATION = Duration.ofMinutes(30);

  public String problem() {
    if (!isLoopback(ingestUrl) || (metricsUrl != null && !isLoopback(metricsUrl))) {
      return "targets must be loopback addresses (127.0.0.0/8, localhost, [::1]); got " + ingestUrl
        + (metricsUrl == null ? "" : " and " + metricsUrl);
    }
    if (duration.isZero() || duration.isNegative() || duration.plus(warmup).compareTo(MAX_DURATION) > 0) {
      return "warmup + duration must be positive and at most " + MAX_DURATION.toMinutes() + " minutes";
    }
    if (concurrency < 1 || concurrency > 1024) {
      return "--concurrency " + concurrency + " is not valid: expected 1 to 1024";
    }
    if (batchSize < 1 || batchSize > 100_000) {
      return "--batch " + batchSize + " is not valid: expected 1 to 100000";
    }
    if (sensors < 1 || sensors > 1_000_000) {
      return "--sensors " + sensors + " is not valid: expected 1 to 1000000";
    }
    return null;
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
      || host.equals("::1"));
  }
}
