package kraken.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.loadgen.LoadGenCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code kraken bench-api}: the tactical REST API with a full picture, against a bare Vert.x server writing the same
 * bytes from memory, in one run and one JVM. The picture goes in through the real fold (assessment batches on the
 * bus); then each target gets an open-loop phase at a fixed rate (latency from the intended send time) and a
 * closed-loop phase (the most it serves). The ratio reported as "the" ratio is the closed-loop one: at a rate both
 * sustain, open-loop throughputs are equal by construction and say nothing.
 */
@Command(name = "bench-api", mixinStandardHelpOptions = true, sortOptions = false,
  description = {"Benchmarks GET /api/v1/threats/active and GET /api/v1/contacts?limit=100 on an in-process node "
    + "(embedded grid, tactical only, persistence off) holding --contacts contacts put in through the fold, against a "
    + "bare Vert.x JSON endpoint serving the same bytes from memory. Open loop at --rate for --duration per target "
    + "(p50/p90/p99/max from the intended send time, throughput, errors), then closed loop with --concurrency in "
    + "flight for --closed-duration per target; reports the throughput ratio API/bare. A progress line each second "
    + "on stderr; --json ends stdout with every figure.", ""})
public final class ApiBenchCommand implements Callable<Integer> {

  static final String THREATS_URI = "/api/v1/threats/active";
  static final String CONTACTS_URI = "/api/v1/contacts?limit=100";

  @Option(names = "--contacts", description = "Contacts in the picture (default ${DEFAULT-VALUE}).")
  int contacts = 50_000;

  @Option(names = "--threat-share", description = "Share of the contacts that are active threats, Hostile or "
    + "ImmediateThreat (default ${DEFAULT-VALUE}: some hundreds among 50,000).")
  double threatShare = 0.006;

  @Option(names = "--rate", description = "Open-loop requests per second, per target (default ${DEFAULT-VALUE}).")
  double rate = 5_000;

  @Option(names = "--duration", description = "Open-loop phase per target (default ${DEFAULT-VALUE}).")
  String duration = "10s";

  @Option(names = "--closed-duration", description = "Closed-loop phase per target (default ${DEFAULT-VALUE}).")
  String closedDuration = "5s";

  @Option(names = "--concurrency", description = "Requests in flight in the closed loop (default ${DEFAULT-VALUE}).")
  int concurrency = 64;

  @Option(names = "--warmup", description = "Closed-loop warm-up per target, not reported (default ${DEFAULT-VALUE}).")
  String warmup = "3s";

  @Option(names = "--connections", description = "Keep-alive connections per target (default ${DEFAULT-VALUE}).")
  int connections = 64;

  @Option(names = "--max-outstanding", description = "Open-loop requests waiting at once before due ones are not "
    + "sent (counted) (default ${DEFAULT-VALUE}).")
  int maxOutstanding = 2_000;

  @Option(names = "--request-timeout", description = "A request that takes longer is an error (default ${DEFAULT-VALUE}).")
  String requestTimeout = "10s";

  @Option(names = "--json", description = "End stdout with one JSON object holding every figure.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    kraken.launcher.LogSetup.toolLogsToStderr();
    if (contacts < 1 || rate <= 0 || concurrency < 1 || connections < 1 || threatShare < 0 || threatShare > 1) {
      System.err.println("kraken bench-api: --contacts, --rate, --concurrency and --connections must be positive and "
        + "--threat-share within 0..1");
      return 2;
    }
    long openMs = LoadGenCommand.parseDuration(duration).toMillis();
    long closedMs = LoadGenCommand.parseDuration(closedDuration).toMillis();
    long warmupMs = LoadGenCommand.parseDuration(warmup).toMillis();
    long timeoutMs = LoadGenCommand.parseDuration(requestTimeout).toMillis();
    String loadAtStart = BenchSystem.loadAverage();
    BenchNode node = BenchNode.start(Map.of());
    Vertx clients = Vertx.vertx();
    try (BenchProgress progress = new BenchProgress("bench-api")) {
      JsonObject result = new JsonObject().put("settings", new JsonObject().put("contacts", contacts)
        .put("threat_share", threatShare).put("rate_per_second", rate).put("open_duration_ms", openMs)
        .put("closed_duration_ms", closedMs).put("concurrency", concurrency).put("connections", connections)
        .put("warmup_ms", warmupMs).put("max_outstanding", maxOutstanding).put("request_timeout_ms", timeoutMs)
        .put("processors", Runtime.getRuntime().availableProcessors()));
      SyntheticPicture picture = new SyntheticPicture(node.node().vertx(), contacts, threatShare);
      progress.start("filling the picture through the fold", contacts);
      long fillStart = System.nanoTime();
      picture.fill(progress::done);
      double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

      Buffer threats = fetch(clients, node.tacticalPort(), THREATS_URI);
      Buffer page = fetch(clients, node.tacticalPort(), CONTACTS_URI);
      int threatCount = threats.toJsonObject().getInteger("count");
      int pageTotal = page.toJsonObject().getInteger("total");
      result.put("picture", new JsonObject().put("contacts", pageTotal).put("active_threats", threatCount)
        .put("expected_active_threats", picture.activeThreats()).put("fill_seconds", fillSeconds)
        .put("fill_contacts_per_second", contacts / fillSeconds)
        .put("threats_document_bytes", threats.length()).put("contacts_document_bytes", page.length()));

      int barePort = BenchNode.freePort();
      node.node().vertx().deployVerticle(new BareJsonVerticle(barePort, Map.of("/bare/threats", threats,
        "/bare/contacts", page))).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      List<GetLoad.Target> targets = List.of(new GetLoad.Target("threats_active", node.tacticalPort(), THREATS_URI),
        new GetLoad.Target("bare_threats", barePort, "/bare/threats"),
        new GetLoad.Target("contacts_limit_100", node.tacticalPort(), CONTACTS_URI),
        new GetLoad.Target("bare_contacts", barePort, "/bare/contacts"));

      GetLoad load = new GetLoad(clients, connections, timeoutMs, maxOutstanding);
      for (GetLoad.Target target : targets) {
        load.closedLoop(target, Math.min(8, concurrency), warmupMs, progress);
      }
      JsonArray open = new JsonArray();
      for (GetLoad.Target target : targets) {
        open.add(load.openLoop(target, rate, openMs, progress));
        settle();
      }
      JsonArray closed = new JsonArray();
      for (GetLoad.Target target : targets) {
        closed.add(load.closedLoop(target, concurrency, closedMs, progress));
        settle();
      }
      result.put("open_loop", open).put("closed_loop", closed);
      result.put("ratios", new JsonObject()
        .put("threats_active", ratio(open, closed, "threats_active", "bare_threats"))
        .put("contacts_limit_100", ratio(open, closed, "contacts_limit_100", "bare_contacts")));
      result.put("memory", BenchSystem.memory());
      result.put("load_average", new JsonObject().put("start", loadAtStart).put("end", BenchSystem.loadAverage()));
      progress.close();
      print(result);
      if (json) {
        System.out.println(result.encode());
      }
      return 0;
    } finally {
      clients.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      node.stop();
    }
  }

  /** Lets requests abandoned by the previous phase finish on the server before the next phase is measured. */
  private static void settle() throws InterruptedException {
    Thread.sleep(500);
  }

  /** API throughput over bare throughput: closed loop (the reported ratio) and open loop (for completeness). */
  private static JsonObject ratio(JsonArray open, JsonArray closed, String api, String bare) {
    return new JsonObject()
      .put("closed_loop", throughput(closed, api) / Math.max(1e-9, throughput(closed, bare)))
      .put("open_loop", throughput(open, api) / Math.max(1e-9, throughput(open, bare)));
  }

  private static double throughput(JsonArray phases, String target) {
    return phases.stream().map(JsonObject.class::cast).filter(p -> p.getString("target").equals(target))
      .findFirst().orElseThrow().getDouble("throughput_per_second");
  }

  private static Buffer fetch(Vertx vertx, int port, String uri) throws Exception {
    HttpClient client = vertx.createHttpClient();
    try {
      return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
          .setURI(uri))
        .compose(request -> request.send())
        .compose(response -> response.body().compose(body -> response.statusCode() == 200
          ? io.vertx.core.Future.succeededFuture(body)
          : io.vertx.core.Future.failedFuture("GET " + uri + " answered " + response.statusCode() + ": " + body)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  private void print(JsonObject r) {
    JsonObject p = r.getJsonObject("picture");
    System.out.printf(Locale.ROOT, "picture: %d contacts (%d active threats) put in through the fold in %.1f s "
        + "(%.0f contacts/s); documents: threats %d bytes, contacts page %d bytes%n", p.getInteger("contacts"),
      p.getInteger("active_threats"), p.getDouble("fill_seconds"), p.getDouble("fill_contacts_per_second"),
      p.getInteger("threats_document_bytes"), p.getInteger("contacts_document_bytes"));
    System.out.println("phase  | target             | p50 ms  | p90 ms  | p99 ms  | max ms   | req/s   | errors | not sent");
    for (String phase : List.of("open_loop", "closed_loop")) {
      for (Object o : r.getJsonArray(phase)) {
        JsonObject t = (JsonObject) o;
        System.out.printf(Locale.ROOT, "%-6s | %-18s | %7.2f | %7.2f | %7.2f | %8.2f | %7.0f | %6d | %d%n",
          phase.startsWith("open") ? "open" : "closed", t.getString("target"), t.getDouble("p50_ms", Double.NaN),
          t.getDouble("p90_ms", Double.NaN), t.getDouble("p99_ms", Double.NaN), t.getDouble("max_ms", Double.NaN),
          t.getDouble("throughput_per_second"), t.getLong("errors"), t.getLong("not_sent_server_behind", 0L));
      }
    }
    JsonObject ratios = r.getJsonObject("ratios");
    System.out.printf(Locale.ROOT, "throughput ratio API/bare, closed loop (max throughput): threats %.2f, contacts "
        + "%.2f; open loop at %.0f/s: threats %.2f, contacts %.2f%n",
      ratios.getJsonObject("threats_active").getDouble("closed_loop"),
      ratios.getJsonObject("contacts_limit_100").getDouble("closed_loop"), rate,
      ratios.getJsonObject("threats_active").getDouble("open_loop"),
      ratios.getJsonObject("contacts_limit_100").getDouble("open_loop"));
    JsonObject m = r.getJsonObject("memory");
    System.out.printf(Locale.ROOT, "memory (server and generator in one JVM): RSS %.0f MB, peak %.0f MB; load "
        + "average at start %s, at end %s%n", m.getDouble("rss_mb"), m.getDouble("peak_rss_mb"),
      r.getJsonObject("load_average").getString("start"), r.getJsonObject("load_average").getString("end"));
  }
}
