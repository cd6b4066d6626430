package kraken.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.config.ConfigException;
import kraken.config.ConfigLoader;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("cluster.discovery picks how Hazelcast finds its members: the TCP-IP list or a headless Service's DNS")
class KubernetesDiscoveryConfigTest {

  @Test
  @DisplayName("kubernetes: Kubernetes discovery on with service-dns, TCP-IP, multicast and auto-detection off")
  void kubernetesDiscovery() {
    Config hazelcast = GridConfig.of(KrakenConfig.defaults().with(Map.of(Settings.CLUSTER_ENABLED, true,
      Settings.CLUSTER_DISCOVERY, "kubernetes",
      Settings.CLUSTER_KUBERNETES_SERVICE_DNS, "kraken-members.kraken.svc.cluster.local")));
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("kraken-members.kraken.svc.cluster.local");
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("members (the default): the TCP-IP member list, Kubernetes discovery off")
  void memberListByDefault() {
    assertThat(Settings.CLUSTER_DISCOVERY.defaultValue()).isEqualTo("members");
    Config hazelcast = GridConfig.of(KrakenConfig.defaults().with(Map.of(Settings.CLUSTER_ENABLED, true,
      Settings.CLUSTER_MEMBERS, List.of("10.0.0.1:5701", "10.0.0.2:5701"))));
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("embedded mode joins nobody, whatever cluster.discovery says")
  void embeddedJoinsNobody() {
    Config hazelcast = GridConfig.of(KrakenConfig.defaults().with(Map.of(Settings.CLUSTER_DISCOVERY, "kubernetes")));
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("kubernetes without a service DNS name is refused, naming the key and its environment variable")
  void kubernetesNeedsServiceDns() {
    KrakenConfig config = KrakenConfig.defaults().with(Map.of(Settings.CLUSTER_ENABLED, true,
      Settings.CLUSTER_DISCOVERY, "kubernetes"));
    assertThatThrownBy(() -> GridConfig.checkDiscovery(config)).isInstanceOf(ConfigException.class)
      .hasMessageContaining("cluster.kubernetes.serviceDns is empty but cluster.discovery=kubernetes needs it")
      .hasMessageContaining("KRAKEN_CLUSTER_KUBERNETES_SERVICE_DNS");
    assertThatThrownBy(() -> GridConfig.of(config)).isInstanceOf(ConfigException.class);
  }

  @Test
  @DisplayName("the manifests' variables set both keys: KRAKEN_CLUSTER_DISCOVERY and KRAKEN_CLUSTER_KUBERNETES_SERVICE_DNS")
  void manifestVariables(Vertx vertx, VertxTestContext testContext) {
    assertThat(Settings.CLUSTER_KUBERNETES_SERVICE_DNS.environmentName()).isEqualTo("KRAKEN_CLUSTER_KUBERNETES_SERVICE_DNS");
    ConfigLoader.load(vertx, new ConfigLoader.Sources(null, Map.of("KRAKEN_CLUSTER_DISCOVERY", "kubernetes",
        "KRAKEN_CLUSTER_KUBERNETES_SERVICE_DNS", "kraken-members"), Map.of("cluster.enabled", "true")))
      .onComplete(testContext.succeeding(config -> testContext.verify(() -> {
        assertThat(config.get(Settings.CLUSTER_DISCOVERY)).isEqualTo("kubernetes");
        assertThat(config.get(Settings.CLUSTER_KUBERNETES_SERVICE_DNS)).isEqualTo("kraken-members");
        assertThat(config.warnings()).noneMatch(w -> w.contains("KRAKEN_CLUSTER"));
        assertThat(GridConfig.of(config).getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-dns"))
          .isEqualTo("kraken-members");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("an unknown discovery is refused, naming the key, the value, where it came from and the allowed values")
  void badDiscoveryRefused(Vertx vertx, VertxTestContext testContext) {
    ConfigLoader.load(vertx, new ConfigLoader.Sources(null, Map.of("KRAKEN_CLUSTER_DISCOVERY", "multicast"), Map.of()))
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(failure).isInstanceOf(ConfigException.class);
        assertThat(failure.getMessage()).isEqualTo("cluster.discovery: value 'multicast' (from "
          + "KRAKEN_CLUSTER_DISCOVERY) is not valid; expected one of kubernetes, members");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a service DNS name with a space or an underscore is refused, saying what a DNS name is")
  void badServiceDnsRefused() {
    assertThatThrownBy(() -> Settings.CLUSTER_KUBERNETES_SERVICE_DNS.parse("kraken members", "test"))
      .hasMessageContaining("cluster.kubernetes.serviceDns: value 'kraken members'")
      .hasMessageContaining("a DNS name such as kraken-members.kraken.svc.cluster.local");
    assertThatThrownBy(() -> Settings.CLUSTER_KUBERNETES_SERVICE_DNS.parse("kraken_members", "test"))
      .isInstanceOf(ConfigException.class);
  }
}
