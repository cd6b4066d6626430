package kraken.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.ingest.tcp.TcpIngestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code kraken tcp-connections}: opens N concurrent binary TCP ingest connections to a loopback node, sends one
 * one-reading frame on each and waits for its ack while keeping every connection open, then reports how many were
 * open and acked at the same time (and the server's resident memory if its pid is given).
 */
@Command(name = "tcp-connections", mixinStandardHelpOptions = true,
  description = {"Opens N concurrent TCP ingest connections (loopback only), each sends one frame of one reading "
    + "and waits for its ACK while all stay open; prints progress each second and a summary. Needs a file "
    + "descriptor limit above N (ulimit -n).", ""})
public final class TcpConnectionsCommand implements Callable<Integer> {

  @Option(names = "--port", description = "TCP ingest port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int port = 8082;

  @Option(names = "--connections", description = "Connections to hold open at once (default ${DEFAULT-VALUE}).")
  int connections = 10_000;

  @Option(names = "--connect-concurrency", description = "Connections being opened at once (default ${DEFAULT-VALUE}).")
  int concurrency = 200;

  @Option(names = "--timeout", description = "Give up after this many seconds (default ${DEFAULT-VALUE}).")
  int timeoutSeconds = 50;

  @Option(names = "--server-pid", description = "Process id of the server, to report its VmRSS.")
  Long serverPid;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger acked = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final Queue<TcpIngestClient> open = new ConcurrentLinkedQueue<>();

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    NetClient net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000));
    long started = System.nanoTime();
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      Promise<Void> done = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> work(net).onComplete(done));
      workers.add(done.future());
    }
    Future<?> all = Future.all(workers);
    long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!all.isComplete() && System.nanoTime() < deadline) {
      Thread.sleep(1000); // a progress line per second; the work runs on the event loops
      System.err.printf("tcp-connections: %,d opened, %,d acked, %,d failed%n", open.size(), acked.get(), failed.get());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long stillOpen = open.stream().filter(c -> !c.ended().isComplete()).count();
    JsonObject summary = new JsonObject().put("connections", connections).put("opened", open.size())
      .put("acked", acked.get()).put("failures", failed.get()).put("openAtEnd", stillOpen)
      .put("seconds", Math.round(seconds * 10) / 10.0).put("serverRssKb", rssKb(serverPid))
      .put("clientRssKb", rssKb(ProcessHandle.current().pid())).put("firstFailure", firstFailure.get());
    System.out.println(json ? summary.encode() : summary.encodePrettily());
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return acked.get() == connections && stillOpen == connections ? 0 : 1;
  }

  /** One worker: opens connections one after another, each kept open once its frame is acked. */
  private Future<Void> work(NetClient net) {
    int index = next.getAndIncrement();
    if (index >= connections) {
      return Future.succeededFuture();
    }
    return TcpIngestClient.connect(net, "127.0.0.1", port)
      .compose(client -> {
        open.add(client);
        return client.send(List.of(reading(index)));
      })
      .compose(result -> result.allAcked() ? Future.<Void>succeededFuture()
        : Future.<Void>failedFuture(result.refused().get(0).reason() + ": " + result.refused().get(0).message()))
      .onSuccess(v -> acked.incrementAndGet())
      .recover(failure -> {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, "connection " + index + ": " + failure.getMessage());
        return Future.succeededFuture();
      })
      .compose(v -> work(net));
  }

  private static SensorReading reading(int index) {
    return new SensorReading("conn-" + index, "tcp-conn-" + (index % 100), System.currentTimeMillis(),
      new SensorType.SonarPassive(0.0003, index % 360), new byte[0], Classification.Unclassified, Priority.Low);
  }

  private static Long rssKb(Long pid) {
    if (pid == null) {
      return null;
    }
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(null);
    } catch (Exception unreadable) {
      return null;
    }
  }
}
