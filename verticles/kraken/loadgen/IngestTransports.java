package kraken.loadgen;

import io.vertx.core.Vertx;

import java.net.URI;
import java.util.List;

/** Chooses the transport for {@code --protocol}, spread over every {@code --url}. */
final class IngestTransports {

  static final String TCP_NOT_AVAILABLE = "--protocol tcp is not available yet";
  /**
   * With {@code --retry}, a request unanswered this long is given up and resent: longer than ingest's pipeline
   * timeout (5 s by default) so that its 503 normally comes first, short enough to resend well inside the
   * server's 30 s deduplication window.
   */
  static final int RETRYING_REQUEST_TIMEOUT_MS = 10_000;

  private IngestTransports() {
  }

  static boolean isAvailable(LoadPlan.Protocol protocol) {
    return protocol == LoadPlan.Protocol.http;
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

  /**
   * Where the binary TCP ingest client plugs in: wrap it in an {@link IngestTransport} that encodes
   * {@link GeneratedReading}s as frames, maps per-frame acks and refusals to {@link SendOutcome}, and keeps
   * {@code plan.connections()} connections; then make {@link #isAvailable} say yes for tcp.
   */
  static IngestTransport tcp(Vertx vertx, LoadPlan plan) {
    throw new UnsupportedOperationException(TCP_NOT_AVAILABLE);
  }
}
