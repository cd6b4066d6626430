package kraken.loadgen;

import io.vertx.core.Future;

import java.util.List;

/**
 * How the load generator hands readings to ingest: HTTP today ({@link HttpIngestTransport}), the binary TCP
 * protocol next ({@link IngestTransports#tcp}). One {@link #send} is one request (or frame); the generator never
 * has more than its connection count in flight. A failed future is a transport error (connection refused, reset,
 * timeout): the generator counts its readings as {@code transport_error}.
 */
public interface IngestTransport {

  Future<SendOutcome> send(List<GeneratedReading> readings);

  /** Bytes one reading adds to a request, so requests stay under {@link #maxRequestBytes()}. An estimate is fine. */
  int encodedSize(GeneratedReading reading);

  /** The most bytes one request may carry, with room to spare below what ingest accepts. */
  int maxRequestBytes();

  Future<Void> close();
}
