package kraken.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a load run does; {@link #problem()} says why a plan cannot run, or null.
 *
 * @param ingestUrls        where to send: one target, or (open loop) several that requests take turns over
 * @param connections       connections to ingest (closed loop: each keeps one request in flight)
 * @param batchSize         closed loop: readings per request; open loop: the most readings per request
 * @param readingsPerSecond open loop only: the schedule's rate
 * @param mix               open loop only: which readings
 * @param ackedIdsFile      open loop only: where to write every acknowledged reading, or null
 * @param seed              open loop only: fields and payloads are drawn from it, so a run can be repeated
 * @param retry             open loop only: resend readings refused with a reason that invites it (see
 *                          {@link RetryPolicy}) until they are acknowledged or the run gives up on them
 */
public record LoadPlan(Mode mode, Protocol protocol, List<URI> ingestUrls, URI metricsUrl, Duration warmup,
                       Duration duration, int connections, int batchSize, int sensors, double readingsPerSecond,
                       ReadingMix mix, Path ackedIdsFile, long seed, boolean retry) {

  public LoadPlan {
    ingestUrls = List.copyOf(ingestUrls);
  }

  /** Open: a fixed schedule, latency from the intended send time. Closed: send the next when the last is acked. */
  public enum Mode { open, closed }

  public enum Protocol { http, tcp }

  static final Duration MAX_DURATION = Duration.ofMinutes(30);
  static final double MAX_RATE = 2_000_000;

  /** Today's closed loop: {@code concurrency} connections each sending {@code batchSize} readings when acked. */
  public static LoadPlan closedLoop(URI ingestUrl, URI metricsUrl, Duration warmup, Duration duration,
                                    int concurrency, int batchSize, int sensors) {
    return new LoadPlan(Mode.closed, Protocol.http, List.of(ingestUrl), metricsUrl, warmup, duration, concurrency,
      batchSize, sensors, 0, null, null, 0, false);
  }

  /** An open loop at {@code readingsPerSecond} readings/s over HTTP, with no warm-up. */
  public static LoadPlan openLoop(URI ingestUrl, Duration duration, double readingsPerSecond, ReadingMix mix,
                                  int connections, int batchSize, int sensors, Path ackedIdsFile) {
    return new LoadPlan(Mode.open, Protocol.http, List.of(ingestUrl), null, Duration.ZERO, duration, connections,
      batchSize, sensors, readingsPerSecond, mix, ackedIdsFile, 42, false);
  }

  /** The same plan sent to {@code targets} in turn, resending what is refused with a reason that invites it. */
  public LoadPlan retryingOver(List<URI> targets) {
    return new LoadPlan(mode, protocol, targets, metricsUrl, warmup, duration, connections, batchSize, sensors,
      readingsPerSecond, mix, ackedIdsFile, seed, true);
  }

  /** The first (or only) target. */
  public URI ingestUrl() {
    return ingestUrls.get(0);
  }

  /** The closed loop's name for {@link #connections()}. */
  public int concurrency() {
    return connections;
  }

  public String problem() {
    if (ingestUrls.isEmpty()) {
      return "at least one --url is needed";
    }
    if (!ingestUrls.stream().allMatch(LoadPlan::isLoopback) || (metricsUrl != null && !isLoopback(metricsUrl))) {
      return "targets must be loopback addresses (127.0.0.0/8, localhost, [::1]); got " + ingestUrls
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
    if (mode == Mode.closed && (ingestUrls.size() > 1 || retry)) {
      return "--mode closed takes one --url and no --retry (both are open-loop options)";
    }
    return null;
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
      || host.equals("::1"));
  }
}
