package kraken.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A WebSocket client that keeps every JSON text message the server sent, and waits for the one a test needs. */
public final class JsonSocket {

  private final WebSocket socket;
  /** Held: Vert.x closes a client that becomes unreachable, and its connections with it. */
  private WebSocketClient client;
  private final List<JsonObject> received = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();

  private record Waiter(Predicate<JsonObject> wanted, Promise<JsonObject> promise) {
  }

  private JsonSocket(WebSocket socket) {
    this.socket = socket;
  }

  /** Connects to 127.0.0.1; {@code receiveBufferBytes} 0 keeps the system's default. */
  public static Future<JsonSocket> connect(Vertx vertx, int port, String path, int receiveBufferBytes) {
    return connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path),
      receiveBufferBytes);
  }

  /** Connects as {@code target} says (sub-protocols included); {@code receiveBufferBytes} 0 keeps the default. */
  public static Future<JsonSocket> connect(Vertx vertx, WebSocketConnectOptions target, int receiveBufferBytes) {
    WebSocketClientOptions options = new WebSocketClientOptions().setMaxMessageSize(64 * 1_048_576);
    if (receiveBufferBytes > 0) {
      options.setReceiveBufferSize(receiveBufferBytes);
    }
    WebSocketClient client = vertx.createWebSocketClient(options);
    return client.connect(target).map(socket -> {
      JsonSocket json = new JsonSocket(socket);
      json.client = client;
      socket.textMessageHandler(text -> json.receive(new JsonObject(text)));
      // the SockJS bridge's raw WebSocket transport writes its JSON frames as binary messages
      socket.binaryMessageHandler(bytes -> json.receive(new JsonObject(bytes)));
      socket.closeHandler(v -> json.closed.tryComplete());
      return json;
    });
  }

  public static Future<JsonSocket> connect(Vertx vertx, int port, String path) {
    return connect(vertx, port, path, 0);
  }

  /** The first message received (or to come) that satisfies {@code wanted}. */
  public Future<JsonObject> first(Predicate<JsonObject> wanted) {
    for (JsonObject message : received) {
      if (wanted.test(message)) {
        return Future.succeededFuture(message);
      }
    }
    Promise<JsonObject> promise = Promise.promise();
    waiters.add(new Waiter(wanted, promise));
    return promise.future();
  }

  /** Every message received so far, in order. */
  public List<JsonObject> received() {
    return List.copyOf(received);
  }

  public Future<Void> send(JsonObject message) {
    return socket.writeTextMessage(message.encode());
  }

  public WebSocket socket() {
    return socket;
  }

  /** Completes when the connection has closed. */
  public Future<Void> closed() {
    return closed.future();
  }

  public Future<Void> close() {
    return socket.close();
  }

  private void receive(JsonObject message) {
    received.add(message);
    // over a copy: a completed waiter's callback may add the next waiter
    for (Waiter w : List.copyOf(waiters)) {
      if (w.wanted().test(message) && w.promise().tryComplete(message)) {
        waiters.remove(w);
      }
    }
  }
}
