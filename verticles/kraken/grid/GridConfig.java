package kraken.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import kraken.tactical.TacticalGridTypes;
import kraken.config.ConfigException;
import kraken.config.KrakenConfig;
import kraken.config.Settings;

import java.util.UUID;

/**
 * The Hazelcast configuration of a node. Embedded mode is a single member that joins nobody (and that nobody
 * can join: its cluster name is its own); cluster mode joins the TCP-IP member list on the configured host, or, with
 * {@code cluster.discovery=kubernetes}, the members a headless Service's DNS name resolves to.
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
    boolean kubernetes = clustered && config.get(Settings.CLUSTER_DISCOVERY).equals("kubernetes");
    join.getTcpIpConfig().setEnabled(clustered && !kubernetes).setMembers(config.get(Settings.CLUSTER_MEMBERS));
    if (kubernetes) {
      joinThroughKubernetesDns(join, config);
    }

    hazelcast.getSerializationConfig().addDataSerializableFactory(TacticalGridTypes.FACTORY_ID,
      TacticalGridTypes.factory());
    hazelcast.getSerializationConfig().addDataSerializableFactory(kraken.tactical.AlertGridTypes.FACTORY_ID,
      kraken.tactical.AlertGridTypes.factory());
    GridMap.configureAll(hazelcast);
    GridRingbuffer.configureAll(hazelcast, config);
    return hazelcast;
  }

  /**
   * Refuses a discovery that cannot work, before anything starts: {@code cluster.discovery=kubernetes} in cluster mode
   * needs {@code cluster.kubernetes.serviceDns}.
   *
   * @throws ConfigException naming both keys and what to set
   */
  public static void checkDiscovery(KrakenConfig config) {
    if (config.get(Settings.CLUSTER_ENABLED) && config.get(Settings.CLUSTER_DISCOVERY).equals("kubernetes")
      && config.get(Settings.CLUSTER_KUBERNETES_SERVICE_DNS).isEmpty()) {
      throw new ConfigException(Settings.CLUSTER_KUBERNETES_SERVICE_DNS.key() + " is empty but "
        + Settings.CLUSTER_DISCOVERY.key() + "=kubernetes needs it: set it to the headless Service's DNS name, e.g. "
        + "kraken-members.kraken.svc.cluster.local (" + Settings.CLUSTER_KUBERNETES_SERVICE_DNS.environmentName() + ")");
    }
  }

  /**
   * Hazelcast's built-in Kubernetes discovery in DNS mode: the members are the addresses the headless Service's name
   * resolves to, so pods need no service account token and no API permissions (the manifests mount none).
   */
  private static void joinThroughKubernetesDns(JoinConfig join, KrakenConfig config) {
    checkDiscovery(config);
    String serviceDns = config.get(Settings.CLUSTER_KUBERNETES_SERVICE_DNS);
    join.getKubernetesConfig().setEnabled(true)
      .setProperty("service-dns", serviceDns)
      .setProperty("service-port", String.valueOf(config.get(Settings.CLUSTER_PORT)));
  }
}
