package kraken.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorKind;
import kraken.bus.SensorReading;
import kraken.ingest.tcp.FrameResult;
import kraken.ingest.tcp.TcpIngestClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator over binary TCP ingest: {@code connections} connections of {@link TcpIngestClient}, used in
 * turn, one frame per request. A connection that ended (or never connected) is opened again on its next use, so a
 * restarted node is found again. All state lives on the generator's event loop.
 */
final class TcpIngestTransport implements IngestTransport {

  /** Frames stay well below ingest.tcp.maxFrameBytes' default of 1 MiB. */
  private static final int MAX_FRAME_BYTES = 768 * 1024;
  /** Per reading: lengths, timestamp, kind tag, up to four values, ordinals, payload length (PROTOCOL.md). */
  private static final int READING_OVERHEAD = 1 + 1 + 8 + 1 + 4 * 8 + 2 + 4;

  /** Refusals whose cause passes (HTTP answers them 503 with Retry-After: 1). */
  private static final java.util.Set<String> PASSING_REASONS =
    java.util.Set.of("overloaded", "pipeline_unavailable", "pipeline_timeout", "storage_unavailable");
  private static final long RETRY_AFTER_MS = 1000;

  private final String host;
  private final int port;
  private final NetClient netClient;
  private final List<Future<TcpIngestClient>> clients = new ArrayList<>();
  private int next;

  TcpIngestTransport(Vertx vertx, URI target, int connections) {
    this.host = target.getHost();
    this.port = target.getPort() < 0 ? 8082 : target.getPort();
    this.netClient = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2000));
    for (int i = 0; i < connections; i++) {
      clients.add(null);
    }
  }

  @Override
  public Future<SendOutcome> send(List<GeneratedReading> readings) {
    int slot = next++ % clients.size();
    return connection(slot).compose(client -> client.send(asSensorReadings(readings)))
      .map(TcpIngestTransport::outcome)
      .onFailure(failure -> clients.set(slot, null));
  }

  private Future<TcpIngestClient> connection(int slot) {
    Future<TcpIngestClient> client = clients.get(slot);
    if (client == null || client.failed() || (client.succeeded() && client.result().ended().isComplete())) {
      client = TcpIngestClient.connect(netClient, host, port);
      clients.set(slot, client);
    }
    return client;
  }

  private static List<SensorReading> asSensorReadings(List<GeneratedReading> readings) {
    List<SensorReading> frame = new ArrayList<>(readings.size());
    for (GeneratedReading r : readings) {
      frame.add(new SensorReading(r.id(), r.sensorId(), r.timestamp(), r.sensorType(), r.payload(),
        Classification.Secret, Priority.Medium));
    }
    return frame;
  }

  private static SendOutcome outcome(FrameResult result) {
    if (result.allAcked()) {
      return SendOutcome.acked(result.outcomes().size());
    }
    Map<Integer, String> refused = new HashMap<>();
    boolean passing = false;
    for (FrameResult.Outcome o : result.outcomes()) {
      if (!o.acked()) {
        refused.put(o.index(), o.reason());
        passing |= PASSING_REASONS.contains(o.reason());
      }
    }
    SendOutcome outcome = SendOutcome.refusedByReading(result.outcomes().size(), refused);
    // HTTP says Retry-After on these; a NACK carries no header, so the same invitation is read from the reason
    return passing ? outcome.retryAfter(RETRY_AFTER_MS) : outcome;
  }

  @Override
  public int encodedSize(GeneratedReading reading) {
    return READING_OVERHEAD + reading.id().length() + reading.sensorId().length() + reading.payload().length
      + 8 * SensorKind.of(reading.sensorType()).slots();
  }

  @Override
  public int maxRequestBytes() {
    return MAX_FRAME_BYTES;
  }

  @Override
  public Future<Void> close() {
    List<Future<?>> closing = new ArrayList<>();
    clients.stream().filter(c -> c != null && c.succeeded()).forEach(c -> closing.add(c.result().close()));
    return Future.join(closing).eventually(netClient::close).mapEmpty();
  }
}
