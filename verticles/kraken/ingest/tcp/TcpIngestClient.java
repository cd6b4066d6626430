package kraken.ingest.tcp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import kraken.bus.SensorReading;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A client of the binary TCP ingest protocol (used by the load generator, benchmarks and tests). {@link #send}
 * pipelines frames as far as the server's credit allows and queues the rest until credit arrives, so a client
 * never sends without credit and never buffers more than the caller gives it. Everything runs on the context the
 * connection was made on; methods may be called from any thread.
 */
public final class TcpIngestClient {

  /** The server ended the stream with an ERROR frame (or the connection closed): reason code and sentence. */
  public static final class StreamEnded extends RuntimeException {
    private final String reason;

    StreamEnded(String reason, String message) {
      super(reason + ": " + message, null, false, false);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  private record Pending(Promise<FrameResult> promise, int readings) {
  }

  private final NetSocket socket;
  /** Held so that the client is not closed when its wrapper is garbage-collected (Vert.x closes unreachable clients). */
  private final NetClient netClient;
  private final Context context;
  private final FrameDecoder decoder;
  private final Queue<Buffer> waitingForCredit = new ArrayDeque<>();
  private final Map<Long, Pending> unanswered = new HashMap<>();
  private final Promise<StreamEnded> ended = Promise.promise();
  private long credit;
  private long nextSequence;

  private TcpIngestClient(NetSocket socket, NetClient netClient, Context context, int maxFrameBytes) {
    this.socket = socket;
    this.netClient = netClient;
    this.context = context;
    this.decoder = FrameDecoder.ofServerStream(maxFrameBytes);
  }

  /** Connects and says hello; the server's first credit arrives soon after. */
  public static Future<TcpIngestClient> connect(Vertx vertx, String host, int port) {
    return connect(vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)), host, port);
  }

  /** Connects with a shared {@link NetClient} (many connections from one process). */
  public static Future<TcpIngestClient> connect(NetClient netClient, String host, int port) {
    return netClient.connect(port, host).map(socket -> {
      TcpIngestClient client = new TcpIngestClient(socket, netClient, Vertx.currentContext(), 16 * 1_048_576);
      socket.handler(client::receive);
      socket.closeHandler(v -> client.end(new StreamEnded("closed", "the connection closed")));
      // Vert.x (or the NetClient) is shutting down: nothing will read the answers, so do not hold the shutdown up
      socket.shutdownHandler(v -> socket.close());
      socket.write(FrameEncoder.hello());
      return client;
    });
  }

  /** Sends readings as one frame once credit allows; completes with each reading's outcome. */
  public Future<FrameResult> send(List<SensorReading> readings) {
    Promise<FrameResult> promise = Promise.promise();
    context.runOnContext(v -> {
      if (ended.future().isComplete()) {
        promise.fail(ended.future().result());
        return;
      }
      long sequence = nextSequence & 0xFFFF_FFFFL;
      Buffer frame;
      try {
        frame = FrameEncoder.readings(sequence, readings);
      } catch (RuntimeException unencodable) {
        // e.g. more readings than a frame holds, or an id longer than the protocol allows: say so, do not hang
        promise.fail(unencodable);
        return;
      }
      nextSequence++;
      unanswered.put(sequence, new Pending(promise, readings.size()));
      waitingForCredit.add(frame);
      flush();
    });
    return promise.future();
  }

  /** Credit the server has granted and this client has not used yet. */
  public long credit() {
    return credit;
  }

  /** Frames waiting for credit. */
  public int queued() {
    return waitingForCredit.size();
  }

  /** Completes when the stream ends, with why: an ERROR frame's reason, or {@code closed}. */
  public Future<StreamEnded> ended() {
    return ended.future();
  }

  /** Closes this connection (a shared {@link NetClient} stays open for its other connections). */
  public Future<Void> close() {
    return socket.close();
  }

  /** The NetClient this connection was made with. */
  public NetClient netClient() {
    return netClient;
  }

  private void flush() {
    Buffer batch = null;
    while (credit > 0 && !waitingForCredit.isEmpty()) {
      credit--;
      Buffer frame = waitingForCredit.poll();
      batch = batch == null ? frame : batch.appendBuffer(frame);
    }
    if (batch != null) {
      socket.write(batch);
    }
  }

  private void receive(Buffer chunk) {
    FrameDecoder.Result result = decoder.feed(chunk.getBytes());
    try {
      for (FrameDecoder.Frame frame : result.frames()) {
        handle(ServerFrame.parse(frame));
      }
    } catch (IllegalArgumentException malformed) {
      end(new StreamEnded("malformed_frame", "the server sent " + malformed.getMessage()));
      socket.close();
      return;
    }
    if (result.error() != null) {
      end(new StreamEnded(result.error().reason().name(), "the server sent " + result.error().message()));
      socket.close();
    }
  }

  private void handle(ServerFrame frame) {
    if (frame instanceof ServerFrame.Credit c) {
      credit += c.frames();
      flush();
    } else if (frame instanceof ServerFrame.Ack ack) {
      Pending pending = unanswered.remove(ack.sequence());
      if (pending != null) {
        pending.promise().tryComplete(FrameResult.of(ack, pending.readings()));
      }
    } else if (frame instanceof ServerFrame.Nack nack) {
      Pending pending = unanswered.remove(nack.sequence());
      if (pending != null) {
        pending.promise().tryComplete(FrameResult.of(nack, pending.readings()));
      }
    } else if (frame instanceof ServerFrame.Error error) {
      end(new StreamEnded(error.reason(), error.message()));
    }
  }

  /** Fails every frame not answered yet with why the stream ended. */
  private void end(StreamEnded why) {
    if (!ended.tryComplete(why)) {
      return;
    }
    unanswered.values().forEach(p -> p.promise().tryFail(why));
    unanswered.clear();
    waitingForCredit.clear();
  }
}
