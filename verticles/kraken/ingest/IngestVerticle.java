package kraken.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import kraken.config.Settings;
import kraken.ops.HttpServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Takes sensor readings and hands them to inference in batches, through one transport-neutral {@link IngestCore}
 * with thin transports over it: HTTP ({@link HttpIngest}). A reading is acknowledged only once it is safe;
 * otherwise it is refused with a reason.
 */
public final class IngestVerticle extends VerticleBase {

  public static final String PATH = HttpIngest.PATH;
  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

  private final MeterRegistry meters;
  private IngestCore core;
  private HttpServer http;

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
    return http.listen(Settings.INGEST_PORT.from(config()), Settings.INGEST_HOST.from(config()))
      .onSuccess(s -> LOG.info("ingest listening on {}:{} ({} readings per request at most, bodies up to {} bytes)",
        Settings.INGEST_HOST.from(config()), s.actualPort(), maxBatch, maxBodyBytes));
  }

  /** Stops taking new requests; requests already in the pipeline are answered before the server closes. */
  @Override
  public Future<?> stop() {
    long timeoutMs = Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config()) + 1000L;
    return http.shutdown(timeoutMs, TimeUnit.MILLISECONDS).compose(v -> core.drained(timeoutMs));
  }
}
