package kraken.loadgen;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import kraken.discovery.EndpointFinder;
import kraken.discovery.EndpointRole;
import kraken.grid.GridConfig;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ingest endpoints of a running KRAKEN cluster, found the way nodes publish them ({@link EndpointFinder}) by a
 * Vert.x that joins the cluster as a Hazelcast lite member: it holds no grid data and runs no verticles, so the load
 * generator joining and leaving never moves a partition. The same records are what the Kubernetes bridge imports
 * from Services, so nothing here depends on how the nodes were deployed.
 *
 * @param vertx the clustered Vert.x the generator runs on; {@link #close()} leaves the cluster
 * @param urls  every published ingest base URI, in a stable (sorted) order
 */
public record DiscoveredIngest(Vertx vertx, List<URI> urls) {

  /** How long joining and each look-up may take. */
  static final int JOIN_TIMEOUT_SECONDS = 60;

  /**
   * Joins the cluster {@code config} describes ({@code cluster.*} keys, as for nodes; cluster mode is forced on) and
   * finds its ingest endpoints; fails naming the record when none is published, after leaving the cluster again.
   * Blocks: the cluster's Vert.x must be closed from outside its own event loops, or the close's completion could
   * not be delivered.
   */
  public static DiscoveredIngest join(KrakenConfig config) throws Exception {
    KrakenConfig clustered = config.with(java.util.Map.of(Settings.CLUSTER_ENABLED, true));
    GridConfig.checkDiscovery(clustered);
    Config hazelcast = GridConfig.of(clustered).setLiteMember(true);
    String host = clustered.get(Settings.CLUSTER_HOST);
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(host)
      .setPort(clustered.get(Settings.CLUSTER_BUS_PORT)).setClusterPublicHost(host));
    Vertx vertx = await(Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
      .buildClustered());
    try (EndpointFinder finder = new EndpointFinder(vertx)) {
      await(finder.any(EndpointRole.INGEST));
      List<String> found = await(finder.find(EndpointRole.INGEST));
      return new DiscoveredIngest(vertx, found.stream().sorted().map(URI::create).toList());
    } catch (Exception e) {
      await(vertx.close());
      throw e;
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new TimeoutException("no answer from the cluster within " + JOIN_TIMEOUT_SECONDS + " s: are "
        + "cluster.members and cluster.name those of the running nodes?");
    }
  }

  /** Leaves the cluster. */
  public Future<Void> close() {
    return vertx.close();
  }
}
