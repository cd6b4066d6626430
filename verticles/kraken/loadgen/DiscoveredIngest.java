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

  /**
   * Joins the cluster {@code config} describes ({@code cluster.*} keys, as for nodes; cluster mode is forced on) and
   * finds its ingest endpoints. Fails, after leaving the cluster again, naming the record when none is published.
   */
  public static Future<DiscoveredIngest> join(KrakenConfig config) {
    KrakenConfig clustered = config.with(java.util.Map.of(Settings.CLUSTER_ENABLED, true));
    GridConfig.checkDiscovery(clustered);
    Config hazelcast = GridConfig.of(clustered).setLiteMember(true);
    String host = clustered.get(Settings.CLUSTER_HOST);
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(host)
      .setPort(clustered.get(Settings.CLUSTER_BUS_PORT)).setClusterPublicHost(host));
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered()
      .compose(vertx -> find(vertx).recover(failure -> vertx.close().transform(closed -> Future.failedFuture(failure))));
  }

  private static Future<DiscoveredIngest> find(Vertx vertx) {
    EndpointFinder finder = new EndpointFinder(vertx);
    return finder.any(EndpointRole.INGEST)
      .compose(one -> finder.find(EndpointRole.INGEST))
      .map(found -> new DiscoveredIngest(vertx, found.stream().sorted().map(URI::create).toList()))
      .eventually(() -> {
        finder.close();
        return Future.succeededFuture();
      });
  }

  /** Leaves the cluster. */
  public Future<Void> close() {
    return vertx.close();
  }
}
