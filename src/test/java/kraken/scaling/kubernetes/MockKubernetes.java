package kraken.scaling.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8's mock API server for the scaler's tests: in CRUD mode (objects are stored, listed, watched and patched
 * like a real API server keeps them) with the project's two CRDs from {@code k8s/base/crds} created in it, or in
 * expectations mode (each answer scripted) for errors a CRUD server never gives. The client is the one the scaler
 * builds ({@link KubernetesClients#create}: JDK HTTP, fabric8's own retries off).
 */
final class MockKubernetes implements AutoCloseable {

  static final Path CRDS = Path.of("k8s/base/crds");
  static final Path EXAMPLES = Path.of("k8s/examples");

  final KubernetesMockServer server;
  final KubernetesClient client;

  private MockKubernetes(KubernetesMockServer server) {
    this.server = server;
    this.client = KubernetesClients.create(server.createClient().getConfiguration());
  }

  /** A CRUD server with the two CRDs created. */
  static MockKubernetes crud() throws IOException {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
      new KubernetesCrudDispatcher(), false);
    server.init();
    MockKubernetes mock = new MockKubernetes(server);
    try (var files = Files.list(CRDS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        mock.client.resource(read(file, CustomResourceDefinition.class)).create();
      }
    }
    return mock;
  }

  /** A server that answers only what the test scripts with {@code server.expect()}. */
  static MockKubernetes expectations() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), false);
    server.init();
    return new MockKubernetes(server);
  }

  static <T> T read(Path file, Class<T> type) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in, type);
    }
  }

  void namespace(String name) {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  Deployment deployment(String namespace, String name, int replicas) {
    return client.resource(new DeploymentBuilder()
      .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
      .withNewSpec().withReplicas(replicas)
      .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
      .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
      .withNewSpec().addNewContainer().withName("kraken").withImage("kraken:0.1.0").endContainer().endSpec()
      .endTemplate().endSpec().build()).create();
  }

  int replicasOf(String namespace, String deployment) {
    return client.apps().deployments().inNamespace(namespace).withName(deployment).get().getSpec().getReplicas();
  }

  /** A policy like {@code k8s/examples/threatscalepolicy-inference.yaml}, for {@code target}. */
  ThreatScalePolicyResource policy(String namespace, String name, String target, int min, int max,
                                   List<Integer> threatReplicas) {
    ThreatScalePolicyResource policy = new ThreatScalePolicyResource();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace(namespace);
    ThreatScalePolicySpec spec = new ThreatScalePolicySpec();
    spec.targetDeployment = target;
    spec.minReplicas = min;
    spec.maxReplicas = max;
    spec.threatScaling = new ThreatScalePolicySpec.ThreatScaling();
    spec.threatScaling.benign = threatReplicas.get(0);
    spec.threatScaling.suspicious = threatReplicas.get(1);
    spec.threatScaling.hostile = threatReplicas.get(2);
    spec.threatScaling.immediate = threatReplicas.get(3);
    policy.setSpec(spec);
    return client.resource(policy).create();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
