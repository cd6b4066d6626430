package kraken.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import kraken.ops.HttpServers;

import java.util.Map;

/**
 * The yardstick of {@code kraken bench-api}: a bare Vert.x HTTP server (no router, no contract, no grid) that
 * answers GET of each of its paths with a JSON document held in memory, the same bytes the API answered for the
 * endpoint it stands beside. Whatever the API costs beyond writing those bytes shows in the ratio between the two.
 */
final class BareJsonVerticle extends VerticleBase {

  private final int port;
  private final Map<String, Buffer> documents;
  private HttpServer server;

  BareJsonVerticle(int port, Map<String, Buffer> documents) {
    this.port = port;
    this.documents = Map.copyOf(documents);
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(HttpServers.options()).requestHandler(request -> {
      Buffer document = documents.get(request.path());
      if (document == null) {
        request.response().setStatusCode(404).end();
      } else {
        request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(document);
      }
    });
    return server.listen(port, "127.0.0.1");
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }
}
