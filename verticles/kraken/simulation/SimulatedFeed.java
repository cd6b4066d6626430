package kraken.simulation;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import kraken.config.Settings;
import kraken.discovery.EndpointFinder;
import kraken.discovery.EndpointRole;
import kraken.ingest.IngestVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts readings of a simulated {@link Ocean} (ground truth dropped) to this node's ingest port, ten batches a
 * second, through the same HTTP path real sensors use, so that a first run shows a live picture at once. Switch
 * off with {@code simulator.enabled=false}.
 *
 * <p>On a clustered node without the ingest verticle ({@link #discovering()}), it posts to an ingest endpoint another
 * node published ({@link EndpointFinder}) instead: it looks one up before its first batch and again after a batch
 * failed in transport (that node may have left), and drops the batches due while none is found.
 */
public final class SimulatedFeed extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedFeed.class);
  private static final int TICKS_PER_SECOND = 10;

  private final int ingestPort;
  private EndpointFinder finder;
  private String target;
  private boolean lookingUp;
  private boolean lastLookupFailed;
  private Ocean ocean;
  private WebClient client;
  private long timer;
  private double owed;
  private boolean lastFailed;

  /** Posts to this node's ingest at 127.0.0.1:{@code ingestPort}. */
  public SimulatedFeed(int ingestPort) {
    if (ingestPort <= 0) {
      throw new IllegalArgumentException("ingest port must be fixed (1-65535), got " + ingestPort);
    }
    this.ingestPort = ingestPort;
  }

  private SimulatedFeed() {
    this.ingestPort = 0;
  }

  /** A feed that posts to ingest endpoints found through service discovery, for nodes without the ingest verticle. */
  public static SimulatedFeed discovering() {
    return new SimulatedFeed();
  }

  @Override
  public Future<?> start() {
    String nodeId = Settings.NODE_ID.from(config());
    int rate = Settings.SIMULATOR_RATE.from(config());
    long now = System.currentTimeMillis();
    ocean = new Ocean(System.nanoTime(), Ocean.DEFAULT_VESSELS, Ocean.DEFAULT_ANOMALY_RATE, "sim-" + nodeId + "-" + now,
      now);
    client = WebClient.create(vertx, new WebClientOptions());
    timer = vertx.setPeriodic(1000 / TICKS_PER_SECOND, id -> tick(rate / (double) TICKS_PER_SECOND));
    if (ingestPort > 0) {
      target = "http://127.0.0.1:" + ingestPort;
      LOG.info("simulated sensor feed posting {} readings/s to {}{}", rate, target, IngestVerticle.PATH);
    } else {
      finder = new EndpointFinder(vertx);
      LOG.info("simulated sensor feed posting {} readings/s to an ingest endpoint found through service discovery "
        + "(no ingest verticle on this node)", rate);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    client.close();
    if (finder != null) {
      finder.close();
    }
    return Future.succeededFuture();
  }

  private void tick(double perTick) {
    owed += perTick;
    int count = (int) owed;
    if (count == 0) {
      return;
    }
    owed -= count;
    if (target == null) {
      lookUpIngest();
      return;
    }
    String sentTo = target;
    long now = System.currentTimeMillis();
    JsonArray batch = new JsonArray();
    for (int i = 0; i < count; i++) {
      batch.add(ocean.next(now).reading());
    }
    client.postAbs(sentTo + IngestVerticle.PATH).putHeader("Content-Type", "application/json").sendBuffer(batch.toBuffer())
      .onComplete(result -> {
        boolean failed = result.failed() || result.result().statusCode() != 202;
        if (failed && !lastFailed) {
          LOG.warn("simulated feed: ingest refused a batch: {}",
            result.failed() ? result.cause().toString() : result.result().bodyAsString());
        } else if (!failed && lastFailed) {
          LOG.info("simulated feed: ingest takes batches again");
        }
        lastFailed = failed;
        if (result.failed() && finder != null && sentTo.equals(target)) {
          target = null;
        }
      });
  }

  private void lookUpIngest() {
    if (lookingUp) {
      return;
    }
    lookingUp = true;
    finder.any(EndpointRole.INGEST).onComplete(found -> {
      lookingUp = false;
      if (found.succeeded()) {
        target = found.result();
        LOG.info("simulated feed: posting to ingest at {} (found through service discovery)", target);
      } else if (!lastLookupFailed) {
        LOG.warn("simulated feed: readings dropped until an ingest endpoint is found: {}",
          found.cause().getMessage());
      }
      lastLookupFailed = found.failed();
    });
  }
}
