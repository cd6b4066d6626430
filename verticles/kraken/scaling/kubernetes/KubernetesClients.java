package kraken.scaling.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/**
 * Builds the fabric8 client the scaler uses: the JDK's HTTP client (no OkHttp, no second Vert.x), configuration found
 * the usual way (in a pod its service account, else {@code KUBECONFIG} or {@code ~/.kube/config}), and fabric8's own
 * retries off, because {@link KubernetesActuator} retries with jitter and a bound and also retries conflicts.
 */
public final class KubernetesClients {

  private KubernetesClients() {
  }

  /** A client configured from the pod's service account or the kube config. */
  public static KubernetesClient create() {
    return create(Config.autoConfigure(null));
  }

  /** A client on {@code config} (e.g. a mock server's), with fabric8's own retries off. */
  public static KubernetesClient create(Config config) {
    Config withoutRetries = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build();
    return new KubernetesClientBuilder().withConfig(withoutRetries)
      .withHttpClientFactory(new JdkHttpClientFactory()).build();
  }
}
