package kraken.support;

import kraken.config.KrakenConfig;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.launcher.KrakenNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts real KRAKEN nodes for tests: embedded grid, free ports, no simulator unless asked. */
public final class TestNodes {

  private TestNodes() {
  }

  /**
   * A port that is free now, chosen below Linux's ephemeral range (32768+) so that an outgoing connection of
   * another node cannot take it between this call and the bind.
   */
  public static int freePort() {
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

  /** A running node with its ports ({@code tcpPort}: binary TCP ingest). */
  public record Running(KrakenNode node, int ingestPort, int tacticalPort, int opsPort, int tcpPort) {

    /** For callers that do not use TCP ingest. */
    public Running(KrakenNode node, int ingestPort, int tacticalPort, int opsPort) {
      this(node, ingestPort, tacticalPort, opsPort, node.config().get(Settings.INGEST_TCP_PORT));
    }

    public void stop() throws Exception {
      node.shutdown().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  public static Running start(Map<Setting<?>, Object> overrides) throws Exception {
    int ingest = freePort();
    int tactical = freePort();
    int ops = freePort();
    int tcp = freePort();
    Map<Setting<?>, Object> all = new HashMap<>();
    all.put(Settings.INGEST_PORT, ingest);
    all.put(Settings.TACTICAL_PORT, tactical);
    all.put(Settings.OPS_PORT, ops);
    all.put(Settings.INGEST_TCP_PORT, tcp);
    all.put(Settings.INGEST_TCP_HOST, "127.0.0.1");
    all.put(Settings.INGEST_HOST, "127.0.0.1");
    all.put(Settings.TACTICAL_HOST, "127.0.0.1");
    all.put(Settings.OPS_HOST, "127.0.0.1");
    all.put(Settings.SIMULATOR_ENABLED, false);
    // Pipeline tests assert exact outcomes of hand-made readings: the transparent rules give them. The models are
    // tested on simulated readings, with inference.scorer=models (see kraken.inference).
    all.put(Settings.INFERENCE_SCORER, "rules");
    all.putAll(overrides);
    KrakenNode node = KrakenNode.start(KrakenConfig.defaults().with(all)).get(60, TimeUnit.SECONDS);
    return new Running(node, ingest, tactical, ops, node.config().get(Settings.INGEST_TCP_PORT));
  }
}
