package kraken.simulation;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import kraken.config.Settings;
import kraken.ingest.IngestVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts readings of a simulated {@link Ocean} (ground truth dropped) to this node's ingest port, ten batches a
 * second, through the same HTTP path real sensors use, so that a first run shows a live picture at once. Switch
 * off with {@code simulator.enabled=false}.
 */
public final class SimulatedFeed extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedFeed.class);
  private static final int TICKS_PER_SECOND = 10;

  private final int ingestPort;
  private Ocean ocean;
  private WebClient client;
  private long timer;
  private double owed;
  private boolean lastFailed;

  public SimulatedFeed(int ingestPort) {
    this.ingestPort = ingestPort;
  }

  @Override
  public Future<?> start() {
    String nodeId = Settings.NODE_ID.from(config());
    int rate = Settings.SIMULATOR_RATE.from(config());
    long now = System.currentTimeMillis();
    ocean = new Ocean(System.nanoTime(), Ocean.DEFAULT_VESSELS, Ocean.DEFAULT_ANOMALY_RATE, "sim-" + nodeId + "-" + now,
      now);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(ingestPort));
    timer = vertx.setPeriodic(1000 / TICKS_PER_SECOND, id -> tick(rate / (double) TICKS_PER_SECOND));
    LOG.info("simulated sensor feed posting {} readings/s to 127.0.0.1:{}{}", rate, ingestPort, IngestVerticle.PATH);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    client.close();
    return Future.succeededFuture();
  }

  private void tick(double perTick) {
    owed += perTick;
    int count = (int) owed;
    if (count == 0) {
      return;
    }
    owed -= count;
    long now = System.currentTimeMillis();
    JsonArray batch = new JsonArray();
    for (int i = 0; i < count; i++) {
      batch.add(ocean.next(now).reading());
    }
    client.post(IngestVerticle.PATH).putHeader("Content-Type", "application/json").sendBuffer(batch.toBuffer())
      .onComplete(result -> {
        boolean failed = result.failed() || result.result().statusCode() != 202;
        if (failed && !lastFailed) {
          LOG.warn("simulated feed: ingest refused a batch: {}",
            result.failed() ? result.cause().toString() : result.result().bodyAsString());
        } else if (!failed && lastFailed) {
          LOG.info("simulated feed: ingest takes batches again");
        }
        lastFailed = failed;
      });
  }
}
