package kraken.loadgen;

import io.vertx.core.Vertx;
import kraken.config.ConfigException;
import kraken.config.ConfigLoader;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;

/** {@code kraken loadgen}: drives a running node's ingest port for a bounded time and reports what it measured. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false,
  description = {"Sends sensor readings to a KRAKEN ingest endpoint for a bounded time (at most 30 min) and reports "
    + "acknowledged readings/s and acknowledgement latency. A 202 means the readings are in the picture, so the "
    + "acknowledgement latency is the client-side ingest-to-picture latency. Loopback targets only.",
    "",
    "--mode open (default): readings fall due on a fixed schedule at --rate readings/s whatever the server does; "
      + "due readings wait in a queue, and each free connection (of --connections) takes at most --batch "
      + "readings (and 768 KiB) from it as one request; latency counts from the due time of a request's first "
      + "reading (no coordinated omission). The queue holds at most 10 s of rate; beyond that readings are counted "
      + "as not_sent_generator_saturated. Refusals are counted by the server's reason code. A progress line goes "
      + "to stderr each second.",
    "",
    "--mode closed: each connection sends --batch readings (the five kinds, no payload) when its last request "
      + "was acknowledged; --rate, --mix and --acked-ids do not apply.", ""})
public final class LoadGenCommand implements Callable<Integer> {

  /** Where the ingest targets come from. */
  enum Target { url, discover }

  private static final List<URI> DEFAULT_URLS = List.of(URI.create("http://127.0.0.1:8080"));

  @Option(names = "--mode", description = "open or closed (default ${DEFAULT-VALUE}).")
  LoadPlan.Mode mode = LoadPlan.Mode.open;

  @Option(names = "--protocol", description = "http or tcp (default ${DEFAULT-VALUE}).")
  LoadPlan.Protocol protocol = LoadPlan.Protocol.http;

  @Option(names = "--url", split = ",", description = "Ingest base URL (default ${DEFAULT-VALUE}). Open loop: "
    + "repeat it (or separate URLs by commas) to spread requests over several nodes; a node that refuses "
    + "connections or fails requests is passed over for a second, and its work goes to the others.")
  List<URI> urls = new ArrayList<>(DEFAULT_URLS);

  @Option(names = "--target", paramLabel = "url|discover", description = "Where the ingest targets come from: url "
    + "(the --url list, default) or discover: join the KRAKEN cluster as a Hazelcast lite member (no data, no "
    + "verticles; cluster.* keys as for nodes, from --cluster-members, --config, KRAKEN_* or --set), find every "
    + "published kraken-ingest endpoint and let requests take turns over them, as with several --url. HTTP only.")
  Target target = Target.url;

  @Option(names = "--discover", description = "Same as --target discover.")
  boolean discover;

  @Option(names = "--cluster-members", paramLabel = "HOST:PORT,...", description = "With --target discover: the "
    + "cluster's Hazelcast members to join through (cluster.members).")
  String clusterMembers;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "With --target discover: the nodes' YAML "
    + "configuration, for its cluster.* keys; without it conf/kraken.yaml is read if present.")
  Path configFile;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "With --target discover: any "
    + "configuration key (repeatable), e.g. --set cluster.name=kraken.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--retry", description = "Open loop: behave like a careful sensor. A reading refused with "
    + "503 and Retry-After, or lost to a transport error or timeout, is resent with the same id after the "
    + "Retry-After (to any live --url) until it is acknowledged, 20 s after it was first sent (inside the "
    + "server's 30 s deduplication window, so a resend is never counted twice), or the run's drain limit; "
    + "other refusals (4xx, 500) are never resent. The summary adds retried, given_up and refusals_seen.")
  boolean retry;

  @Option(names = "--rate", description = "Open loop: readings per second on the schedule (default ${DEFAULT-VALUE}).")
  double rate = 7500;

  @Option(names = "--mix", description = "Open loop: seed (sonar 5000 : satellite 500 : comms 2000, payloads "
    + "2 KB, 50 KB, 1 KB), ocean (simulated ocean readings with their real payloads, 5 % anomalies), a family (sonar, satellite, comms) or one kind (SonarActive, SonarPassive, "
    + "SatelliteOptical, SatelliteSignals, CommsIntercept) (default ${DEFAULT-VALUE}).")
  String mix = "seed";

  @Option(names = "--payload-bytes", description = "Open loop: payload bytes of every reading, instead of the mix's.")
  Integer payloadBytes;

  @Option(names = {"--connections", "--concurrency"},
    description = "Connections to ingest (default ${DEFAULT-VALUE}).")
  int connections = 16;

  @Option(names = "--batch", description = "Readings per request: closed loop exactly, open loop at most "
    + "(default ${DEFAULT-VALUE}).")
  int batch = 100;

  @Option(names = "--sensors", description = "Distinct sensor ids, hence contacts (default ${DEFAULT-VALUE}).")
  int sensors = 50;

  @Option(names = "--duration", description = "How long to send, e.g. 10s, 2m (default ${DEFAULT-VALUE}).")
  String duration = "10s";

  @Option(names = "--warmup", description = "Sending time before measuring starts (default ${DEFAULT-VALUE}).")
  String warmup = "2s";

  @Option(names = "--acked-ids", paramLabel = "FILE", description = "Open loop: write every acknowledged reading "
    + "as a line sensorId<TAB>readingId, so loss can be proven.")
  Path ackedIds;

  @Option(names = "--seed", description = "Open loop: seed of the readings' fields and payloads "
    + "(default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--json", description = "Print only the summary as one JSON object on stdout (the last line).")
  boolean json;

  @Option(names = "--metrics-url", description = "Closed loop: where to read the server's ingest-to-picture "
    + "histogram (default ${DEFAULT-VALUE}); empty to skip.")
  String metricsUrl = "http://127.0.0.1:9090/metrics";

  @Override
  public Integer call() throws Exception {
    if (discover || target == Target.discover) {
      return callDiscovering();
    }
    LoadPlan plan;
    try {
      plan = plan();
    } catch (IllegalArgumentException e) {
      System.err.println("kraken loadgen: " + e.getMessage());
      return 2;
    }
    String problem = plan.problem();
    if (problem != null) {
      System.err.println("kraken loadgen: " + problem);
      return 2;
    }
    return run(Vertx.vertx(), plan);
  }

  private int run(Vertx vertx, LoadPlan plan) throws Exception {
    try {
      return mode == LoadPlan.Mode.open ? runOpenLoop(vertx, plan) : runClosedLoop(vertx, plan);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /**
   * {@code --target discover}: the flags are checked before joining (a bad flag should not cost a cluster join), then
   * the found endpoints replace {@code --url} and the run goes on the cluster's Vert.x, which it leaves at the end.
   */
  private int callDiscovering() throws Exception {
    String refused = protocol != LoadPlan.Protocol.http
      ? "--target discover finds HTTP ingest endpoints only; --protocol " + protocol + " needs --url"
      : !urls.equals(DEFAULT_URLS) ? "--target discover finds the ingest URLs itself; drop --url " + urls + " or "
      + "use --target url" : null;
    if (refused != null) {
      System.err.println("kraken loadgen: " + refused);
      return 2;
    }
    LoadPlan plan;
    KrakenConfig config;
    try {
      config = clusterConfig();
      plan = plan();
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("kraken loadgen: " + e.getMessage());
      return 2;
    }
    String problem = plan.problem();
    if (problem != null) {
      System.err.println("kraken loadgen: " + problem);
      return 2;
    }
    System.err.println("kraken loadgen: joining cluster " + config.get(Settings.CLUSTER_NAME)
      + " as a lite member to discover ingest endpoints");
    DiscoveredIngest found;
    try {
      found = DiscoveredIngest.join(config);
    } catch (Exception e) {
      System.err.println("kraken loadgen: " + e.getMessage());
      return 1;
    }
    System.err.println("kraken loadgen: found " + found.urls().size() + " ingest endpoint(s): " + found.urls());
    urls = new ArrayList<>(found.urls());
    LoadPlan discovered = plan();
    problem = discovered.problem();
    if (problem != null) {
      System.err.println("kraken loadgen: " + problem);
      found.close().toCompletionStage().toCompletableFuture().get();
      return 2;
    }
    return run(found.vertx(), discovered);
  }

  /** The nodes' configuration (defaults, file, KRAKEN_* environment, --set, --cluster-members), as a node loads it. */
  private KrakenConfig clusterConfig() throws Exception {
    Map<String, String> commandLine = new LinkedHashMap<>(settings);
    commandLine.put(Settings.CLUSTER_ENABLED.key(), "true");
    if (clusterMembers != null) {
      commandLine.put(Settings.CLUSTER_MEMBERS.key(), clusterMembers);
    }
    Vertx vertx = Vertx.vertx();
    try {
      return ConfigLoader.load(vertx, new ConfigLoader.Sources(configFile,
        System.getenv(), commandLine)).toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof ConfigException config ? config
        : new ConfigException(e.getCause().getMessage());
    } finally {
      vertx.close();
    }
  }

  LoadPlan plan() {
    URI metrics = mode == LoadPlan.Mode.closed && !metricsUrl.isBlank() ? URI.create(metricsUrl) : null;
    ReadingMix readings = mode == LoadPlan.Mode.open ? ReadingMix.parse(mix, payloadBytes) : null;
    List<URI> targets = protocol == LoadPlan.Protocol.tcp && urls.equals(DEFAULT_URLS)
      ? List.of(URI.create("tcp://127.0.0.1:8082")) : urls;
    return new LoadPlan(mode, protocol, targets, metrics, parse(warmup), parse(duration), connections, batch, sensors,
      rate, readings, ackedIds, seed, retry);
  }

  private int runOpenLoop(Vertx vertx, LoadPlan plan) throws Exception {
    OpenLoopResult result = new OpenLoopGenerator(vertx, plan, System.err::println).run()
      .toCompletionStage().toCompletableFuture().get();
    if (!json) {
      System.out.println(result.describe());
    }
    System.out.println(result.toJson().encode());
    return result.acked() > 0 && result.balanced() ? 0 : 1;
  }

  private int runClosedLoop(Vertx vertx, LoadPlan plan) throws Exception {
    LoadResult result = new ClosedLoopGenerator(vertx, plan).run().toCompletionStage().toCompletableFuture().get();
    if (!json) {
      System.out.println(result.describe());
    }
    System.out.println(result.toJson().encode());
    return result.acceptedReadings() > 0 ? 0 : 1;
  }

  static Duration parse(String text) {
    return parseDuration(text);
  }

  /** A duration as the tools write it: a whole number followed by ms, s or m (500ms, 10s, 2m). */
  public static Duration parseDuration(String text) {
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
