package kraken.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import kraken.tactical.TacticalGridTypes;
import kraken.config.KrakenConfig;
import kraken.config.Settings;

import java.util.UUID;

/**
 * The Hazelcast configuration of a node. Embedded mode is a single member that joins nobody (and that nobody
 * can join: its cluster name is its own); cluster mode joins the TCP-IP member list on the configured host.
 */
public final class GridConfig {

  private GridConfig() {
  }

  public static Config of(KrakenConfig config) {
    boolean clustered = config.get(Settings.CLUSTER_ENABLED);
    String host = config.get(Settings.CLUSTER_HOST);
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(clustered ? config.get(Settings.CLUSTER_NAME)
      : config.get(Settings.CLUSTER_NAME) + "-embedded-" + UUID.randomUUID());
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    // KRAKEN drains and leaves the cluster itself on SIGTERM, in order; Hazelcast's own hook would race it.
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", clustered ? "1" : "0");
    hazelcast.setProperty("hazelcast.local.localAddress", host);

    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(config.get(Settings.CLUSTER_PORT)).setPortAutoIncrement(true).setPortCount(20);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(clustered).setMembers(config.get(Settings.CLUSTER_MEMBERS));

    hazelcast.getSerializationConfig().addDataSerializableFactory(TacticalGridTypes.FACTORY_ID,
      TacticalGridTypes.factory());
    GridMap.configureAll(hazelcast);
    GridRingbuffer.configureAll(hazelcast, config);
    return hazelcast;
  }
}
