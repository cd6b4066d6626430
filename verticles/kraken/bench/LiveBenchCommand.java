package kraken.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.loadgen.LoadGenCommand;
import kraken.tactical.api.ApiVerticle;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kraken bench-live}: many consoles on {@code /ws/tactical} while the picture changes at a steady rate, in one
 * JVM (server and clients share it, and its cores). Every contact in a delta carries {@code updatedAt}, the time the
 * fold changed it, so each client measures change-to-receipt per contact (which includes the wait the 10 Hz
 * coalescing imposes) and, per message, freshest-change-to-receipt (the fan-out and transport alone).
 */
@Command(name = "bench-live", mixinStandardHelpOptions = true, sortOptions = false,
  description = {"Benchmarks live updates: --clients WebSocket clients on /ws/tactical of an in-process node "
    + "(embedded grid, tactical only, persistence off) holding --contacts contacts, while --changes-per-second "
    + "contact changes go through the fold. Reports the delay from each change (the fold's updatedAt) to receipt: "
    + "per contact and per message (p50/p90/p99/max), deltas per client per second, and RSS (server and clients in "
    + "this one JVM). A progress line each second on stderr; --json ends stdout with every figure.", ""})
public final class LiveBenchCommand implements Callable<Integer> {

  @Option(names = "--clients", description = "Concurrent /ws/tactical clients (default ${DEFAULT-VALUE}).")
  int clients = 1_000;

  @Option(names = "--contacts", description = "Contacts in the picture, all of which change in turn (default ${DEFAULT-VALUE}).")
  int contacts = 1_000;

  @Option(names = "--changes-per-second", description = "Contact changes folded per second, in ticks of 10 ms "
    + "(default ${DEFAULT-VALUE}).")
  int changesPerSecond = 100;

  @Option(names = "--duration", description = "Measured time, after the warm-up (default ${DEFAULT-VALUE}).")
  String duration = "20s";

  @Option(names = "--warmup", description = "Changes before measuring, once every client is connected (default ${DEFAULT-VALUE}).")
  String warmup = "3s";

  @Option(names = "--connecting", description = "Clients connecting at once while the crowd gathers (default ${DEFAULT-VALUE}).")
  int connecting = 50;

  @Option(names = "--json", description = "End stdout with one JSON object holding every figure.")
  boolean json;

  /** Delays from every client, shared by the client event loops. */
  private final Histogram perContactMillis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
  private final Histogram perMessageMillis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
  private volatile boolean measuring;
  private final AtomicLong snapshots = new AtomicLong();
  private final AtomicInteger closedByServer = new AtomicInteger();

  /** One console: counts the deltas it received while measuring. */
  private final class Console {
    long deltas;
    long contactsReceived;

    void receive(String text) {
      long now = System.currentTimeMillis();
      JsonObject message = new JsonObject(text);
      if ("snapshot".equals(message.getString("type"))) {
        snapshots.incrementAndGet();
        return;
      }
      if (!measuring || !"delta".equals(message.getString("type"))) {
        return;
      }
      JsonArray changed = message.getJsonArray("contacts");
      long freshest = Long.MIN_VALUE;
      synchronized (perContactMillis) {
        for (int i = 0; i < changed.size(); i++) {
          long updatedAt = changed.getJsonObject(i).getLong("updatedAt");
          freshest = Math.max(freshest, updatedAt);
          perContactMillis.recordValue(clamp(now - updatedAt));
        }
        perMessageMillis.recordValue(clamp(now - freshest));
      }
      deltas++;
      contactsReceived += changed.size();
    }
  }

  private static long clamp(long millis) {
    return Math.min(TimeUnit.MINUTES.toMillis(10), Math.max(0, millis));
  }

  @Override
  public Integer call() throws Exception {
    kraken.launcher.LogSetup.toolLogsToStderr();
    if (clients < 1 || contacts < 1 || changesPerSecond < 1 || connecting < 1) {
      System.err.println("kraken bench-live: --clients, --contacts, --changes-per-second and --connecting must be positive");
      return 2;
    }
    long measuredMs = LoadGenCommand.parseDuration(duration).toMillis();
    long warmupMs = LoadGenCommand.parseDuration(warmup).toMillis();
    String loadAtStart = BenchSystem.loadAverage();
    BenchNode node = BenchNode.start(Map.of());
    Vertx clientVertx = Vertx.vertx();
    try (BenchProgress progress = new BenchProgress("bench-live")) {
      JsonObject result = new JsonObject().put("settings", new JsonObject().put("clients", clients)
        .put("contacts", contacts).put("changes_per_second", changesPerSecond).put("duration_ms", measuredMs)
        .put("warmup_ms", warmupMs).put("transport", "websocket " + ApiVerticle.LIVE_PATH)
        .put("processors", Runtime.getRuntime().availableProcessors()));
      SyntheticPicture picture = new SyntheticPicture(node.node().vertx(), contacts, 0.006);
      progress.start("filling the picture through the fold", contacts);
      picture.fill(progress::done);
      System.gc();
      double rssBeforeClients = BenchSystem.rssMb();

      List<Console> consoles = connect(clientVertx, node.tacticalPort(), progress);
      double rssConnected = BenchSystem.rssMb();
      ChangeDriver driver = new ChangeDriver(node.node().vertx(), picture, contacts, changesPerSecond);
      progress.start("warm-up: changes flowing", 0);
      driver.start();
      Thread.sleep(warmupMs);
      consoles.forEach(c -> {
        synchronized (c) {
          c.deltas = 0;
          c.contactsReceived = 0;
        }
      });
      progress.start("measuring " + clients + " clients", 0);
      long measureStart = System.nanoTime();
      measuring = true;
      long deadline = measureStart + measuredMs * 1_000_000;
      double rssDuring = 0;
      while (System.nanoTime() < deadline) {
        Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        rssDuring = Math.max(rssDuring, BenchSystem.rssMb());
        synchronized (perContactMillis) {
          progress.detail(String.format(Locale.ROOT, "%d contact deliveries, p99 %.0f ms",
            perContactMillis.getTotalCount(), perContactMillis.getTotalCount() == 0 ? Double.NaN
              : (double) perContactMillis.getValueAtPercentile(99)));
        }
      }
      measuring = false;
      double seconds = (System.nanoTime() - measureStart) / 1e9;
      driver.stop();
      result.put("picture", new JsonObject().put("contacts", contacts).put("changes_folded", driver.changed.get())
        .put("change_batches_failed", driver.failed.get()));
      result.put("delivery", delivery(consoles, seconds));
      result.put("memory", BenchSystem.memory().put("rss_before_clients_mb", rssBeforeClients)
        .put("rss_clients_connected_mb", rssConnected).put("rss_while_measuring_max_mb", rssDuring)
        .put("process", "server and clients in one JVM"));
      result.put("load_average", new JsonObject().put("start", loadAtStart).put("end", BenchSystem.loadAverage()));
      progress.close();
      print(result);
      if (json) {
        System.out.println(result.encode());
      }
      return 0;
    } finally {
      clientVertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      node.stop();
    }
  }

  /** Connects every client, {@code connecting} at a time; each has had its snapshot when this returns. */
  private List<Console> connect(Vertx vertx, int port, BenchProgress progress) throws Exception {
    progress.start("connecting clients", clients);
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxMessageSize(64 * 1_048_576).setMaxConnections(clients + 10));
    List<Console> consoles = new ArrayList<>(clients);
    Semaphore slots = new Semaphore(connecting);
    AtomicInteger failed = new AtomicInteger();
    for (int i = 0; i < clients; i++) {
      Console console = new Console();
      consoles.add(console);
      slots.acquire();
      long before = snapshots.get();
      client.connect(port, "127.0.0.1", ApiVerticle.LIVE_PATH).onComplete(done -> {
        if (done.failed()) {
          failed.incrementAndGet();
        } else {
          WebSocket socket = done.result();
          socket.textMessageHandler(text -> {
            synchronized (console) {
              console.receive(text);
            }
          });
          socket.closeHandler(v -> {
            if (measuring) {
              closedByServer.incrementAndGet();
            }
          });
        }
        progress.done(1);
        slots.release();
      });
    }
    slots.acquire(connecting);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " of " + clients + " clients could not connect to "
        + ApiVerticle.LIVE_PATH);
    }
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (snapshots.get() < clients && System.nanoTime() < waitUntil) {
      Thread.sleep(50);
    }
    if (snapshots.get() < clients) {
      throw new IllegalStateException("only " + snapshots.get() + " of " + clients + " clients had a snapshot after 60 s");
    }
    return consoles;
  }

  private JsonObject delivery(List<Console> consoles, double seconds) {
    long totalDeltas = 0;
    long totalContacts = 0;
    double maxPerClient = 0;
    double minPerClient = Double.MAX_VALUE;
    for (Console c : consoles) {
      synchronized (c) {
        totalDeltas += c.deltas;
        totalContacts += c.contactsReceived;
        maxPerClient = Math.max(maxPerClient, c.deltas / seconds);
        minPerClient = Math.min(minPerClient, c.deltas / seconds);
      }
    }
    JsonObject json = new JsonObject().put("seconds", seconds).put("deltas", totalDeltas)
      .put("contact_deliveries", totalContacts)
      .put("deltas_per_client_per_second_mean", totalDeltas / seconds / consoles.size())
      .put("deltas_per_client_per_second_min", minPerClient)
      .put("deltas_per_client_per_second_max", maxPerClient)
      .put("contacts_per_delta_mean", totalDeltas == 0 ? 0 : (double) totalContacts / totalDeltas)
      .put("clients_closed_while_measuring", closedByServer.get());
    synchronized (perContactMillis) {
      json.put("change_to_receipt_ms", percentiles(perContactMillis))
        .put("freshest_change_to_receipt_ms", percentiles(perMessageMillis));
    }
    return json;
  }

  private static JsonObject percentiles(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new JsonObject().put("count", 0L);
    }
    return new JsonObject().put("count", h.getTotalCount()).put("p50", (double) h.getValueAtPercentile(50))
      .put("p90", (double) h.getValueAtPercentile(90)).put("p99", (double) h.getValueAtPercentile(99))
      .put("max", (double) h.getMaxValue());
  }

  /** Folds {@code changesPerSecond} contact changes a second, a few every 10 ms, the contacts in turn. */
  private static final class ChangeDriver {
    private final Vertx vertx;
    private final SyntheticPicture picture;
    private final int contacts;
    private final int changesPerSecond;
    final AtomicLong changed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private long timer;
    private long ticks;
    private int next;

    ChangeDriver(Vertx vertx, SyntheticPicture picture, int contacts, int changesPerSecond) {
      this.vertx = vertx;
      this.picture = picture;
      this.contacts = contacts;
      this.changesPerSecond = changesPerSecond;
    }

    void start() {
      timer = vertx.setPeriodic(10, id -> tick());
    }

    private void tick() {
      ticks++;
      long due = ticks * changesPerSecond / 100 - (ticks - 1) * changesPerSecond / 100;
      if (due == 0) {
        return;
      }
      List<Integer> indexes = new ArrayList<>((int) due);
      for (long i = 0; i < due; i++) {
        indexes.add(next);
        next = (next + 1) % contacts;
      }
      Future<?> folded = picture.change(indexes);
      folded.onSuccess(v -> changed.addAndGet(indexes.size())).onFailure(e -> failed.incrementAndGet());
    }

    void stop() {
      vertx.cancelTimer(timer);
    }
  }

  private void print(JsonObject r) {
    JsonObject d = r.getJsonObject("delivery");
    JsonObject perContact = d.getJsonObject("change_to_receipt_ms");
    JsonObject perMessage = d.getJsonObject("freshest_change_to_receipt_ms");
    System.out.printf(Locale.ROOT, "%d clients on %s, %d contacts, %d changes/s, measured %.1f s%n", clients,
      ApiVerticle.LIVE_PATH, contacts, changesPerSecond, d.getDouble("seconds"));
    System.out.printf(Locale.ROOT, "change to receipt, per contact (includes the coalescing wait): p50 %s ms, p90 %s "
        + "ms, p99 %s ms, max %s ms (%d deliveries)%n", perContact.getValue("p50"), perContact.getValue("p90"),
      perContact.getValue("p99"), perContact.getValue("max"), perContact.getLong("count"));
    System.out.printf(Locale.ROOT, "freshest change to receipt, per message (fan-out and transport): p50 %s ms, p90 "
        + "%s ms, p99 %s ms, max %s ms (%d messages)%n", perMessage.getValue("p50"), perMessage.getValue("p90"),
      perMessage.getValue("p99"), perMessage.getValue("max"), perMessage.getLong("count"));
    System.out.printf(Locale.ROOT, "deltas per client per second: mean %.2f, min %.2f, max %.2f; %.1f contacts per "
        + "delta; %d clients closed while measuring%n", d.getDouble("deltas_per_client_per_second_mean"),
      d.getDouble("deltas_per_client_per_second_min"), d.getDouble("deltas_per_client_per_second_max"),
      d.getDouble("contacts_per_delta_mean"), d.getInteger("clients_closed_while_measuring"));
    JsonObject m = r.getJsonObject("memory");
    System.out.printf(Locale.ROOT, "RSS (server and clients in one JVM): %.0f MB before clients, %.0f MB with them "
        + "connected, %.0f MB at most while measuring, peak %.0f MB; load average at start %s, at end %s%n",
      m.getDouble("rss_before_clients_mb"), m.getDouble("rss_clients_connected_mb"),
      m.getDouble("rss_while_measuring_max_mb"), m.getDouble("peak_rss_mb"),
      r.getJsonObject("load_average").getString("start"), r.getJsonObject("load_average").getString("end"));
  }
}
