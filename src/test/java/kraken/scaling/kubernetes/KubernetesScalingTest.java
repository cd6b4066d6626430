package kraken.scaling.kubernetes;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.bus.BusCodecs;
import kraken.bus.ThreatLevel;
import kraken.bus.ThreatReport;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.scaling.ScalingVerticle;
import kraken.scaling.ScalingWiring;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scaling.actuator=kubernetes} end to end through the real {@link ScalingVerticle} (lease in a real Hazelcast
 * member, the real reconciler, the decision recorder), against fabric8's mock API server in CRUD mode: the watch
 * feeds the reconciler, the scale subresource is patched, status is written back. The test thread waits for the mock
 * server's state with a deadline, then asserts inside {@code testContext.verify}.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The scaler with the Kubernetes actuator and policy watch (fabric8 CRUD mock)")
class KubernetesScalingTest {

  /** The reaction bound: an escalation in the picture reaches the Deployment within 30 s. */
  private static final long REACTION_BOUND_MS = 30_000;
  private static final long WAIT_MS = 60_000;

  private static MockKubernetes kube;
  private static HazelcastInstance hazelcast;

  @BeforeAll
  static void start() throws Exception {
    kube = MockKubernetes.crud();
    Config config = new Config().setClusterName("kubewire-" + UUID.randomUUID());
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast = Hazelcast.newHazelcastInstance(config);
  }

  @AfterAll
  static void stop() {
    kube.close();
    hazelcast.shutdown();
  }

  @Test
  @DisplayName("an ImmediateThreat report raises the Deployment to threatScaling.immediate within the reaction bound, "
    + "and the policy's status says so")
  void escalationReachesTheDeployment(Vertx vertx, VertxTestContext testContext) throws Exception {
    kube.namespace("kw-esc");
    kube.deployment("kw-esc", "inference", 1);
    kube.policy("kw-esc", "inference", "inference", 2, 50, List.of(2, 5, 20, 50));
    deployScaler(vertx, "kw-esc");

    boolean atFloor = waitFor(() -> kube.replicasOf("kw-esc", "inference") == 2, WAIT_MS);
    long escalatedAt = System.currentTimeMillis();
    escalate(vertx, ThreatLevel.ImmediateThreat);
    boolean atImmediate = waitFor(() -> kube.replicasOf("kw-esc", "inference") == 50, WAIT_MS);
    long tookMs = System.currentTimeMillis() - escalatedAt;
    System.out.println("kube-escalation: " + tookMs + " ms");
    boolean statusWritten = waitFor(() -> {
      ThreatScalePolicyStatus status = statusOf("kw-esc", "inference");
      return status != null && status.lastDecision != null && Integer.valueOf(50).equals(status.lastDecision.toReplicas);
    }, WAIT_MS);
    ThreatScalePolicyStatus status = statusOf("kw-esc", "inference");

    testContext.verify(() -> {
      assertThat(atFloor).as("the Deployment reached the policy's floor (2)").isTrue();
      assertThat(atImmediate).as("the Deployment reached threatScaling.immediate (50); now "
        + kube.replicasOf("kw-esc", "inference")).isTrue();
      assertThat(tookMs).as("escalation to scale, ms").isLessThan(REACTION_BOUND_MS);
      assertThat(statusWritten).as("status.lastDecision.toReplicas 50 written back").isTrue();
      assertThat(status.observedThreatLevel).isEqualTo("IMMEDIATE");
      assertThat(status.currentReplicas).isEqualTo(50);
      assertThat(status.desiredReplicas).isEqualTo(50);
      assertThat(status.lastDecision.fromReplicas).isEqualTo(2);
      assertThat(status.lastDecision.signal).isEqualTo("threat");
      assertThat(status.lastDecision.reasons).anyMatch(r -> r.contains("ImmediateThreat"));
    });
    testContext.completeNow();
  }

  @Test
  @DisplayName("55 Deployments across 5 namespaces, one policy each, are all reconciled to their floors")
  void manyPoliciesAcrossNamespaces(Vertx vertx, VertxTestContext testContext) throws Exception {
    List<String> namespaces = List.of("kw-many-1", "kw-many-2", "kw-many-3", "kw-many-4", "kw-many-5");
    List<int[]> expected = new ArrayList<>();
    for (int n = 0; n < namespaces.size(); n++) {
      kube.namespace(namespaces.get(n));
      for (int d = 0; d < 11; d++) {
        int floor = 2 + (n + d) % 5;
        kube.deployment(namespaces.get(n), "svc-" + d, 1);
        kube.policy(namespaces.get(n), "svc-" + d, "svc-" + d, floor, 20, List.of(0, 0, 0, 0));
        expected.add(new int[] {n, d, floor});
      }
    }
    long startedAt = System.currentTimeMillis();
    deployScaler(vertx, String.join(",", namespaces));
    boolean all = waitFor(() -> expected.stream()
      .allMatch(e -> kube.replicasOf(namespaces.get(e[0]), "svc-" + e[1]) == e[2]), WAIT_MS);
    long tookMs = System.currentTimeMillis() - startedAt;
    System.out.println("kube-reconcile: " + expected.size() + " policies in " + tookMs + " ms");
    List<String> wrong = expected.stream().filter(e -> kube.replicasOf(namespaces.get(e[0]), "svc-" + e[1]) != e[2])
      .map(e -> namespaces.get(e[0]) + "/svc-" + e[1] + " at " + kube.replicasOf(namespaces.get(e[0]), "svc-" + e[1])
        + ", floor " + e[2]).toList();

    testContext.verify(() -> {
      assertThat(expected).hasSize(55);
      assertThat(all).as("every Deployment at its policy's floor; not: " + wrong).isTrue();
      assertThat(wrong).isEmpty();
    });
    testContext.completeNow();
  }

  @Test
  @DisplayName("a deleted policy stops its scaling: after the delete an escalation scales its neighbour, not it")
  void deletedPolicyStopsScaling(Vertx vertx, VertxTestContext testContext) throws Exception {
    kube.namespace("kw-del");
    kube.deployment("kw-del", "kept", 1);
    kube.deployment("kw-del", "dropped", 1);
    kube.policy("kw-del", "kept", "kept", 2, 30, List.of(2, 4, 8, 16));
    kube.policy("kw-del", "dropped", "dropped", 3, 30, List.of(3, 6, 12, 24));
    List<JsonObject> decisions = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.SCALING_DECISIONS, m -> decisions.add(m.body()));
    deployScaler(vertx, "kw-del");
    boolean atFloors = waitFor(() -> kube.replicasOf("kw-del", "kept") == 2
      && kube.replicasOf("kw-del", "dropped") == 3, WAIT_MS);

    kube.client.resources(ThreatScalePolicyResource.class).inNamespace("kw-del").withName("dropped").delete();
    // two more decisions for the neighbour after the delete: the scaler has ticked since
    int seen = decisions.size();
    waitFor(() -> decisions.subList(seen, decisions.size()).stream()
      .filter(d -> d.getString("policy").equals("kw-del/kept")).count() >= 2, WAIT_MS);
    int afterDelete = decisions.size();
    escalate(vertx, ThreatLevel.ImmediateThreat);
    boolean neighbourScaled = waitFor(() -> kube.replicasOf("kw-del", "kept") == 16, WAIT_MS);
    // and a few ticks more, in which a policy still reconciled would have been scaled to 24
    int afterEscalation = decisions.size();
    waitFor(() -> decisions.size() >= afterEscalation + 3, WAIT_MS);
    List<JsonObject> forDropped = decisions.subList(afterDelete, decisions.size()).stream()
      .filter(d -> d.getString("policy").equals("kw-del/dropped")).toList();

    testContext.verify(() -> {
      assertThat(atFloors).as("both Deployments at their floors before the delete").isTrue();
      assertThat(neighbourScaled).as("the kept policy's Deployment reached 16 on the escalation").isTrue();
      assertThat(kube.replicasOf("kw-del", "dropped")).as("the deleted policy's Deployment").isEqualTo(3);
      assertThat(forDropped).as("decisions for the deleted policy after the delete").isEmpty();
    });
    testContext.completeNow();
  }

  /** The real scaler, watching {@code namespaces}, with a client on the mock server; waits until it is deployed. */
  private static void deployScaler(Vertx vertx, String namespaces) throws Exception {
    BusCodecs.register(vertx.eventBus());
    JsonObject config = new JsonObject()
      .put(Settings.NODE_ID.key(), "kubewire-" + UUID.randomUUID().toString().substring(0, 8))
      .put(Settings.SCALING_ACTUATOR.key(), "kubernetes")
      .put(Settings.SCALING_KUBERNETES_NAMESPACES.key(), namespaces)
      .put(Settings.SCALING_INTERVAL_MS.key(), 200)
      .put(Settings.SCALING_LEASE_MS.key(), 2000)
      // one report must stay valid for the whole test: it is published once
      .put(Settings.REPORT_INTERVAL_MS.key(), 600_000);
    io.fabric8.kubernetes.client.Config mock = kube.client.getConfiguration();
    Supplier<KubernetesClient> client = () -> KubernetesClients.create(mock);
    ScalingWiring.LocalInference noInference = new ScalingWiring.LocalInference(() -> {
      throw new IllegalStateException("the Kubernetes actuator deploys no local verticle");
    }, 0);
    vertx.deployVerticle(() -> new ScalingVerticle(new Grid(hazelcast), new SimpleMeterRegistry(), noInference, client),
        new DeploymentOptions().setConfig(config))
      .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** What tactical sends when the picture's highest level rises. */
  private static void escalate(Vertx vertx, ThreatLevel level) {
    vertx.eventBus().publish(Addresses.THREAT_REPORTS,
      new ThreatReport("tactical-test", Map.of(level, 1), System.currentTimeMillis()));
  }

  private static ThreatScalePolicyStatus statusOf(String namespace, String name) {
    ThreatScalePolicyResource policy = kube.client.resources(ThreatScalePolicyResource.class).inNamespace(namespace)
      .withName(name).get();
    return policy == null ? null : policy.getStatus();
  }

  private static boolean waitFor(BooleanSupplier condition, long withinMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + withinMs;
    while (System.currentTimeMillis() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }
}
