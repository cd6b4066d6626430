package kraken.loadgen;

import io.vertx.core.Vertx;

import java.net.URI;
import java.util.List;

/** Chooses the transport for {@code --protocol}, spread over every {@code --url}. */
final class IngestTransports {

  /**
   * With {@code --retry}, a request unanswered this long is given up and resent: longer than ingest's pipeline
   * timeout (5 s by default) so that its 503 normally comes first, short enough to resend well inside the
   * server's 30 s deduplication window.
   */
  static final int RETRYING_REQUEST_TIMEOUT_MS = 10_000;

  private IngestTransports() {
  }

  static IngestTransport create(Vertx vertx, LoadPlan plan) {
    return switch (plan.protocol()) {
      case http -> http(vertx, plan);
      case tcp -> tcp(vertx, plan);
    };
  }

  private static IngestTransport http(Vertx vertx, LoadPlan plan) {
    int timeoutMs = plan.retry() ? RETRYING_REQUEST_TIMEOUT_MS : HttpIngestTransport.REQUEST_TIMEOUT_MS;
    List<URI> urls = plan.ingestUrls();
    if (urls.size() == 1) {
      return new HttpIngestTransport(vertx, urls.get(0), plan.connections(), timeoutMs);
    }
    // each target may have to carry every connection while the others are down; the generator bounds the total
    List<IngestTransport> targets = urls.stream()
      .<IngestTransport>map(url -> new HttpIngestTransport(vertx, url, plan.connections(), timeoutMs)).toList();
    return new SpreadIngestTransport(targets, System::currentTimeMillis);
  }

  /** Binary TCP ingest at each URL's host and port ({@code tcp://127.0.0.1:8082}; no port means 8082). */
  static IngestTransport tcp(Vertx vertx, LoadPlan plan) {
    List<URI> urls = plan.ingestUrls();
    if (urls.size() == 1) {
      return new TcpIngestTransport(vertx, urls.get(0), plan.connections());
    }
    List<IngestTransport> targets = urls.stream()
      .<IngestTransport>map(url -> new TcpIngestTransport(vertx, url, plan.connections())).toList();
    return new SpreadIngestTransport(targets, System::currentTimeMillis);
  }
}
