package kraken.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import kraken.ingest.tcp.FrameDecoder;
import kraken.ingest.tcp.ServerFrame;

import java.util.ArrayList;
import java.util.List;

/** A TCP connection that writes whatever bytes a test gives it (broken ones too) and reads the server's frames. */
public final class RawTcp {

  private final NetSocket socket;
  /** Held: Vert.x closes a NetClient that becomes unreachable, and its connections with it. */
  private NetClient netClient;
  private final FrameDecoder decoder = FrameDecoder.ofServerStream(16 * 1_048_576);
  private final List<ServerFrame> received = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();

  private record Waiter(Class<? extends ServerFrame> type, Promise<ServerFrame> promise) {
  }

  private RawTcp(NetSocket socket) {
    this.socket = socket;
  }

  public static Future<RawTcp> connect(Vertx vertx, int port) {
    NetClient netClient = vertx.createNetClient();
    return netClient.connect(port, "127.0.0.1").map(socket -> {
      RawTcp raw = new RawTcp(socket);
      raw.netClient = netClient;
      socket.handler(raw::receive);
      socket.closeHandler(v -> raw.closed.tryComplete());
      return raw;
    });
  }

  public Future<Void> write(Buffer bytes) {
    return socket.write(bytes);
  }

  /** Writes one byte at a time, each write after the previous one went out. */
  public Future<Void> writeByteByByte(Buffer bytes) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < bytes.length(); i++) {
      Buffer one = bytes.getBuffer(i, i + 1);
      chain = chain.compose(v -> socket.write(one));
    }
    return chain;
  }

  /** The first frame of that type the server sent (or sends next). */
  @SuppressWarnings("unchecked")
  public <F extends ServerFrame> Future<F> first(Class<F> type) {
    for (ServerFrame frame : received) {
      if (type.isInstance(frame)) {
        return Future.succeededFuture((F) frame);
      }
    }
    Promise<ServerFrame> promise = Promise.promise();
    waiters.add(new Waiter(type, promise));
    return promise.future().map(f -> (F) f);
  }

  /** Completes when the server has closed the connection. */
  public Future<Void> closed() {
    return closed.future();
  }

  public Future<Void> close() {
    return socket.close();
  }

  private void receive(Buffer chunk) {
    for (FrameDecoder.Frame frame : decoder.feed(chunk.getBytes()).frames()) {
      ServerFrame parsed = ServerFrame.parse(frame);
      received.add(parsed);
      waiters.stream().filter(w -> w.type().isInstance(parsed)).forEach(w -> w.promise().tryComplete(parsed));
    }
  }
}
