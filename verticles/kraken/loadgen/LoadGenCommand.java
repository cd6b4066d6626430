package kraken.loadgen;

import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code kraken loadgen}: drives a running node's ingest port for a bounded time and reports what it measured. */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
  description = {"Posts batches of readings to a KRAKEN ingest endpoint from N concurrent connections "
    + "(closed loop: each sends its next batch when the last is acknowledged) for a fixed time, then prints "
    + "readings/s and acknowledgement latency. A 202 means the readings are in the picture, so the "
    + "acknowledgement latency is the client-side ingest-to-picture latency. Loopback targets only.", ""})
public final class LoadGenCommand implements Callable<Integer> {

  @Option(names = "--url", description = "Ingest base URL (default ${DEFAULT-VALUE}).")
  URI url = URI.create("http://127.0.0.1:8080");

  @Option(names = "--metrics-url", description = "Where to read the server's ingest-to-picture histogram "
    + "(default ${DEFAULT-VALUE}); empty to skip.")
  String metricsUrl = "http://127.0.0.1:9090/metrics";

  @Option(names = "--duration", description = "How long to send, e.g. 10s, 2m (default ${DEFAULT-VALUE}).")
  String duration = "10s";

  @Option(names = "--warmup", description = "Sending time before measuring starts (default ${DEFAULT-VALUE}).")
  String warmup = "2s";

  @Option(names = "--concurrency", description = "Concurrent connections (default ${DEFAULT-VALUE}).")
  int concurrency = 16;

  @Option(names = "--batch", description = "Readings per request (default ${DEFAULT-VALUE}).")
  int batch = 100;

  @Option(names = "--sensors", description = "Distinct sensor ids, hence contacts (default ${DEFAULT-VALUE}).")
  int sensors = 50;

  @Override
  public Integer call() throws Exception {
    LoadPlan plan = new LoadPlan(url, metricsUrl.isBlank() ? null : URI.create(metricsUrl), parse(warmup),
      parse(duration), concurrency, batch, sensors);
    String problem = plan.problem();
    if (problem != null) {
      System.err.println("kraken loadgen: " + problem);
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      LoadResult result = new LoadGenerator(vertx, plan).run().toCompletionStage().toCompletableFuture().get();
      System.out.println(result.describe());
      System.out.println(result.toJson().encode());
      return result.acceptedReadings() > 0 ? 0 : 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  static Duration parse(String text) {
    String t = text.trim().toLowerCase();
    if (t.matches("\\d+ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.matches("\\d+s")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.matches("\\d+m")) {
      return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new LoadGenCommand()),
      "duration '" + text + "' is not valid: expected a whole number followed by ms, s or m (e.g. 500ms, 10s, 2m)");
  }
}
