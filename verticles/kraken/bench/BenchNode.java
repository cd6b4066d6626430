package kraken.bench;

import kraken.config.KrakenConfig;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.launcher.KrakenNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The node a tactical benchmark measures, in this JVM: embedded grid, the tactical verticles only (the fold and the
 * API), persistence off, no simulated feed, on free loopback ports. Benchmarks fill it through the real fold.
 */
record BenchNode(KrakenNode node, int tacticalPort) {

  static BenchNode start(Map<Setting<?>, Object> overrides) throws Exception {
    int tactical = freePort();
    Map<Setting<?>, Object> all = new HashMap<>();
    all.put(Settings.VERTICLES, List.of("tactical"));
    all.put(Settings.TACTICAL_PORT, tactical);
    all.put(Settings.TACTICAL_HOST, "127.0.0.1");
    all.put(Settings.OPS_PORT, freePort());
    all.put(Settings.OPS_HOST, "127.0.0.1");
    all.put(Settings.SIMULATOR_ENABLED, false);
    all.put(Settings.POSTGRES_URI, "");
    all.put(Settings.PERSISTENCE_ENABLED, "false");
    all.putAll(overrides);
    KrakenNode node = KrakenNode.start(KrakenConfig.defaults().with(all)).get(120, TimeUnit.SECONDS);
    return new BenchNode(node, tactical);
  }

  void stop() throws Exception {
    node.shutdown().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** A port free now, below Linux's ephemeral range so that an outgoing connection cannot take it before the bind. */
  static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException busy) {
        // try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port found between 20000 and 32000"));
  }
}
