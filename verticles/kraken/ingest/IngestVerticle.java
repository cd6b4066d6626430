package kraken.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import kraken.config.Settings;
import kraken.ingest.tcp.TcpIngest;
import kraken.ops.HttpServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Takes sensor readings and hands them to inference in batches, through one transport-neutral {@link IngestCore}
 * with thin transports over it: HTTP ({@link HttpIngest}) and binary TCP ({@link TcpIngest}, its protocol in
 * {@code ingest/tcp/PROTOCOL.md}). A reading is acknowledged only once it is safe;
 * otherwise it is refused with a reason.
 */
public final class IngestVerticle extends VerticleBase {

  public static final String PATH = HttpIngest.PATH;
  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

  private final MeterRegistry meters;
  private IngestCore core;
  private HttpServer http;
  private TcpIngest tcp;

  public IngestVerticle(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    core = new IngestCore(vertx, config(), meters);
    int maxBodyBytes = Settings.INGEST_MAX_BODY_BYTES.from(config());
    int maxBatch = Settings.INGEST_MAX_BATCH.from(config());
    http = vertx.createHttpServer(HttpServers.options())
      .requestHandler(new HttpIngest(core, maxBodyBytes, maxBatch).router(vertx));
    tcp = new TcpIngest(vertx, core, new TcpIngest.Limits(Settings.INGEST_TCP_MAX_FRAME_BYTES.from(config()), maxBatch,
      Settings.INGEST_TCP_INITIAL_CREDITS.from(config()), Settings.INGEST_TCP_FRAME_TIMEOUT_MS.from(config())));
    return Future.join(
      http.listen(Settings.INGEST_PORT.from(config()), Settings.INGEST_HOST.from(config()))
        .onSuccess(s -> LOG.info("ingest listening on {}:{} ({} readings per request at most, bodies up to {} bytes)",
          Settings.INGEST_HOST.from(config()), s.actualPort(), maxBatch, maxBodyBytes)),
      tcp.listen(Settings.INGEST_TCP_PORT.from(config()), Settings.INGEST_TCP_HOST.from(config()))
        .onSuccess(s -> LOG.info("binary TCP ingest listening on {}:{} (frames up to {} bytes, {} initial credits)",
          Settings.INGEST_TCP_HOST.from(config()), s.actualPort(), Settings.INGEST_TCP_MAX_FRAME_BYTES.from(config()),
          Settings.INGEST_TCP_INITIAL_CREDITS.from(config()))));
  }

  /** Stops taking new requests and frames; those already in the pipeline are answered before the servers close. */
  @Override
  public Future<?> stop() {
    long graceMs = Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config()) + 1000L;
    return Future.join(http.shutdown(graceMs, TimeUnit.MILLISECONDS), tcp.shutdown(graceMs))
      .compose(v -> core.drained(graceMs));
  }
}
