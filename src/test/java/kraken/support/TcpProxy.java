package kraken.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import kraken.PostgresAvailableTest;
import kraken.config.PostgresUri;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy to a real server that a test can take down (stop listening and cut every connection, as
 * an outage does) and bring back on the same port.
 */
public final class TcpProxy {

  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private int port;

  public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
  }

  /** Listens on a free loopback port the first time, on the same port afterwards. */
  public Future<Integer> start() {
    server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(port).setReuseAddress(true))
      .connectHandler(this::pipe);
    return server.listen().map(listening -> port = listening.actualPort());
  }

  /** Stops listening and cuts every connection through the proxy. */
  public Future<Void> stop() {
    Future<Void> closed = server.close();
    open.forEach(NetSocket::close);
    open.clear();
    return closed;
  }

  public int port() {
    return port;
  }

  /** A started proxy in front of the test PostgreSQL ({@code KRAKEN_TEST_PG_URI}). */
  public static TcpProxy startInFrontOfTestPostgres(Vertx vertx) throws Exception {
    PostgresUri real = PostgresUri.parse(PostgresAvailableTest.uri());
    TcpProxy proxy = new TcpProxy(vertx, real.host(), real.port());
    proxy.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return proxy;
  }

  /** The test PostgreSQL's URI, with this proxy in place of the server. */
  public String testPostgresUri() {
    PostgresUri real = PostgresUri.parse(PostgresAvailableTest.uri());
    return "postgresql://" + real.user() + ":" + real.password() + "@127.0.0.1:" + port + "/" + real.database();
  }

  private void pipe(NetSocket incoming) {
    incoming.pause();
    client.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed()) {
        incoming.close();
        return;
      }
      NetSocket outgoing = connected.result();
      open.add(incoming);
      open.add(outgoing);
      incoming.closeHandler(v -> outgoing.close());
      outgoing.closeHandler(v -> incoming.close());
      incoming.handler(outgoing::write);
      outgoing.handler(incoming::write);
      incoming.resume();
    });
  }
}
