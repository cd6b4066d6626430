package kraken.loadgen;

import io.vertx.core.Vertx;

/** Chooses the transport for {@code --protocol}. */
final class IngestTransports {

  private IngestTransports() {
  }

  static IngestTransport create(Vertx vertx, LoadPlan plan) {
    return switch (plan.protocol()) {
      case http -> new HttpIngestTransport(vertx, plan.ingestUrl(), plan.connections());
      case tcp -> tcp(vertx, plan);
    };
  }

  /** Binary TCP ingest at the URL's host and port ({@code tcp://127.0.0.1:8082}; no port means 8082). */
  static IngestTransport tcp(Vertx vertx, LoadPlan plan) {
    return new TcpIngestTransport(vertx, plan.ingestUrl(), plan.connections());
  }
}
