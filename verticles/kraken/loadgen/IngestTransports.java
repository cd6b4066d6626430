package kraken.loadgen;

import io.vertx.core.Vertx;

/** Chooses the transport for {@code --protocol}. */
final class IngestTransports {

  static final String TCP_NOT_AVAILABLE = "--protocol tcp is not available yet";

  private IngestTransports() {
  }

  static boolean isAvailable(LoadPlan.Protocol protocol) {
    return protocol == LoadPlan.Protocol.http;
  }

  static IngestTransport create(Vertx vertx, LoadPlan plan) {
    return switch (plan.protocol()) {
      case http -> new HttpIngestTransport(vertx, plan.ingestUrl(), plan.connections());
      case tcp -> tcp(vertx, plan);
    };
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
