package kraken.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a load run does; {@link #problem()} says why a plan cannot run, or null.
 *
 * @param connections       connections to ingest (closed loop: each keeps one request in flight)
 * @param batchSize         closed loop: readings per request; open loop: the most readings per request
 * @param readingsPerSecond open loop only: the schedule's rate
 * @param mix               open loop only: which readings
 * @param ackedIdsFile      open loop only: where to write every acknowledged reading, or null
 * @param seed              open loop only: fields and payloads are drawn from it, so a run can be repeated
 */
public record LoadPlan(Mode mode, Protocol protocol, URI ingestUrl, URI metricsUrl, Duration warmup,
                       Duration duration, int connections, int batchSize, int sensors, double readingsPerSecond,
                       ReadingMix mix, Path ackedIdsFile, long seed) {

  /** Open: a fixed schedule, latency from the intended send time. Closed: send the next when the last is acked. */
  public enum Mode { open, closed }

  public enum Protocol { http, tcp }

  static final Duration MAX_DURATION = Duration.ofMinutes(30);
  static final double MAX_RATE = 2_000_000;

  /** Today's closed loop: {@code concurrency} connections each sending {@code batchSize} readings when acked. */
  public static LoadPlan closedLoop(URI ingestUrl, URI metricsUrl, Duration warmup, Duration duration,
                                    int concurrency, int batchSize, int sensors) {
    return new LoadPlan(Mode.closed, Protocol.http, ingestUrl, metricsUrl, warmup, duration, concurrency, batchSize,
      sensors, 0, null, null, 0);
  }

  /** An open loop at {@code readingsPerSecond} readings/s over HTTP, with no warm-up. */
  public static LoadPlan openLoop(URI ingestUrl, Duration duration, double readingsPerSecond, ReadingMix mix,
                                  int connections, int batchSize, int sensors, Path ackedIdsFile) {
    return new LoadPlan(Mode.open, Protocol.http, ingestUrl, null, Duration.ZERO, duration, connections, batchSize,
      sensors, readingsPerSecond, mix, ackedIdsFile, 42);
  }

  /** The closed loop's name for {@link #connections()}. */
  public int concurrency() {
    return connections;
  }

  public String problem() {
    if (!isLoopback(ingestUrl) || (metricsUrl != null && !isLoopback(metricsUrl))) {
      return "targets must be loopback addresses (127.0.0.0/8, localhost, [::1]); got " + ingestUrl
        + (metricsUrl == null ? "" : " and " + metricsUrl);
    }
    if (duration.isZero() || duration.isNegative() || warmup.isNegative()
      || duration.plus(warmup).compareTo(MAX_DURATION) > 0) {
      return "warmup + duration must be positive and at most " + MAX_DURATION.toMinutes() + " minutes";
    }
    if (connections < 1 || connections > 1024) {
      return "--connections " + connections + " is not valid: expected 1 to 1024";
    }
    if (batchSize < 1 || batchSize > 100_000) {
      return "--batch " + batchSize + " is not valid: expected 1 to 100000";
    }
    if (sensors < 1 || sensors > 1_000_000) {
      return "--sensors " + sensors + " is not valid: expected 1 to 1000000";
    }
    if (mode == Mode.open && !(readingsPerSecond >= 1 && readingsPerSecond <= MAX_RATE)) {
      return "--rate " + readingsPerSecond + " is not valid: expected 1 to " + (long) MAX_RATE + " readings/s";
    }
    if (mode == Mode.closed && protocol != Protocol.http) {
      return "--mode closed speaks HTTP only";
    }
    return null;
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
      || host.equals("::1"));
  }
}
