package kraken.ingest.tcp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import kraken.ingest.IngestCore;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The binary TCP transport of ingest (PROTOCOL.md beside this file), a sibling of the HTTP one over the same
 * {@link IngestCore}. Each connection ({@link TcpConnection}) decodes frames, answers each with an ACK or NACK and
 * grants one more frame of credit per answer, but only while the core admits batches: when it is overloaded the
 * connection is starved (no credit, socket paused) until a batch leaves the pipeline. Used from the ingest
 * verticle's event loop only.
 */
public final class TcpIngest {

  /** How often starved connections look again when no batch of theirs completes (HTTP batches free slots too). */
  private static final long STARVED_RECHECK_MS = 20;

  /** The bounds a connection works within. */
  public record Limits(int maxFrameBytes, int maxReadings, int initialCredits, long frameTimeoutMs) {
  }

  private final Vertx vertx;
  private final IngestCore core;
  private final Limits limits;
  private final Set<TcpConnection> connections = new HashSet<>();
  private final Set<TcpConnection> starved = new LinkedHashSet<>();
  private NetServer server;
  private long slowFrameSweep = -1;
  private long starvedRecheck = -1;

  public TcpIngest(Vertx vertx, IngestCore core, Limits limits) {
    this.vertx = vertx;
    this.core = core;
    this.limits = limits;
  }

  public Future<NetServer> listen(int port, String host) {
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setAcceptBacklog(16_384))
      .connectHandler(this::accept);
    long sweepEvery = Math.max(50, Math.min(1000, limits.frameTimeoutMs() / 4));
    slowFrameSweep = vertx.setPeriodic(sweepEvery, id -> closeSlowFrames());
    return server.listen(port, host);
  }

  /** Stops accepting; open connections stop reading and close once their frames in the pipeline are answered. */
  public Future<Void> shutdown(long timeoutMs) {
    vertx.cancelTimer(slowFrameSweep);
    vertx.cancelTimer(starvedRecheck);
    return server == null ? Future.succeededFuture() : server.shutdown(timeoutMs, TimeUnit.MILLISECONDS);
  }

  public int connections() {
    return connections.size();
  }

  private void accept(NetSocket socket) {
    connections.add(new TcpConnection(this, socket, core, limits));
  }

  void forget(TcpConnection connection) {
    connections.remove(connection);
    starved.remove(connection);
  }

  /** Whether credit may be granted now: only while the core admits another batch. */
  boolean admitting() {
    return core.admission() == null;
  }

  /** A connection whose credit is withheld; it gets its credit back once the core admits batches again. */
  void starve(TcpConnection connection) {
    starved.add(connection);
    if (starvedRecheck == -1) {
      starvedRecheck = vertx.setPeriodic(STARVED_RECHECK_MS, id -> feedStarved());
    }
  }

  /** Called whenever a batch leaves the pipeline, and periodically while any connection is starved. */
  void feedStarved() {
    while (!starved.isEmpty() && admitting()) {
      TcpConnection next = starved.iterator().next();
      starved.remove(next);
      next.grantWithheld();
    }
    if (starved.isEmpty() && starvedRecheck != -1) {
      vertx.cancelTimer(starvedRecheck);
      starvedRecheck = -1;
    }
  }

  /** Half-frames must not hold memory (and a socket) forever: a frame that stalls past the timeout ends the stream. */
  private void closeSlowFrames() {
    long now = System.currentTimeMillis();
    for (TcpConnection connection : List.copyOf(connections)) {
      connection.closeIfFrameStalled(now);
    }
  }
}
