package kraken.scaling.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import kraken.bus.ThreatLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch and the actuator together, against fabric8's mock API server in CRUD mode. The tests run on the JUnit
 * thread and wait for each step (with a deadline), so plain assertions there can fail the test. {@link #escalate} is
 * the smallest reconciler that uses both seams: every current policy's target to its threatScaling replicas at the
 * given level (raised to the policy's floor, clamped to its bounds), then its status written.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("ThreatScalePolicy and ThreatResponse watches drive the Kubernetes actuator (fabric8 CRUD mock)")
class KubernetesPoliciesTest {

  /** The reaction bound: a threat escalation reaches the scale calls within 30 s. */
  private static final long REACTION_BOUND_S = 30;

  private static MockKubernetes kube;

  @BeforeAll
  static void startServer() throws Exception {
    kube = MockKubernetes.crud();
  }

  @AfterAll
  static void stopServer() {
    kube.close();
  }

  @Test
  @DisplayName("added, updated, raised by a ThreatResponse, deleted: and a deleted policy stops its scaling")
  void policyLifecycle(Vertx vertx) throws Exception {
    kube.namespace("watch-a");
    kube.deployment("watch-a", "inference", 2);
    BlockingQueue<PolicyChange> changes = new LinkedBlockingQueue<>();
    KubernetesPolicies policies = new KubernetesPolicies(vertx, kube.client, List.of("watch-a")).onChange(changes::add);
    KubernetesActuator actuator = new KubernetesActuator(vertx, kube.client, Backoff.DEFAULT);
    await(policies.start());
    try {
      kube.policy("watch-a", "inference", "inference", 2, 50, List.of(2, 5, 20, 50));
      PolicyChange added = next(changes);
      assertThat(added.type()).isEqualTo(PolicyChange.Type.ADDED);
      assertThat(added.policy().targetDeployment()).isEqualTo("inference");
      await(escalate(policies, actuator, ThreatLevel.Hostile));
      assertThat(kube.replicasOf("watch-a", "inference")).isEqualTo(20);

      ThreatScalePolicyResource edited = kube.client.resources(ThreatScalePolicyResource.class).inNamespace("watch-a")
        .withName("inference").edit(p -> {
          p.getSpec().threatScaling.hostile = 25;
          return p;
        });
      assertThat(edited.getSpec().threatScaling.hostile).isEqualTo(25);
      PolicyChange updated = next(changes);
      assertThat(updated.type()).isEqualTo(PolicyChange.Type.UPDATED);
      assertThat(updated.policy().threatScaling().hostile()).isEqualTo(25);
      await(escalate(policies, actuator, ThreatLevel.Hostile));
      assertThat(kube.replicasOf("watch-a", "inference")).isEqualTo(25);

      kube.client.resource(response("watch-a", "engage", "IMMEDIATE", true)).create();
      PolicyChange raised = next(changes);
      assertThat(raised.type()).isEqualTo(PolicyChange.Type.UPDATED);
      assertThat(raised.policy().threatFloor()).isEqualTo(ThreatLevel.ImmediateThreat);
      assertThat(raised.policy().minReplicas()).isEqualTo(50);
      await(escalate(policies, actuator, ThreatLevel.Benign));
      assertThat(kube.replicasOf("watch-a", "inference")).as("the floor holds while the picture is benign")
        .isEqualTo(50);

      kube.client.resources(ThreatScalePolicyResource.class).inNamespace("watch-a").withName("inference").delete();
      PolicyChange deleted = next(changes);
      assertThat(deleted.type()).isEqualTo(PolicyChange.Type.DELETED);
      assertThat(deleted.policy().key()).isEqualTo("watch-a/inference");
      assertThat(policies.current()).isEmpty();
      kube.client.apps().deployments().inNamespace("watch-a").withName("inference").scale(3);
      await(escalate(policies, actuator, ThreatLevel.ImmediateThreat));
      assertThat(kube.replicasOf("watch-a", "inference")).as("nothing scales a deployment whose policy is gone")
        .isEqualTo(3);
      assertThat(changes.poll(300, TimeUnit.MILLISECONDS)).isNull();
    } finally {
      await(policies.close());
    }
  }

  @Test
  @DisplayName("a policy the API server would refuse is left out with its reason, and comes in once fixed")
  void invalidPolicyLeftOut(Vertx vertx) throws Exception {
    kube.namespace("watch-b");
    BlockingQueue<PolicyChange> changes = new LinkedBlockingQueue<>();
    KubernetesPolicies policies = new KubernetesPolicies(vertx, kube.client, List.of("watch-b")).onChange(changes::add);
    await(policies.start());
    try {
      kube.policy("watch-b", "inverted", "inference", 9, 3, List.of(1, 2, 3, 3));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (policies.refused().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(policies.refused()).containsEntry("watch-b/inverted", "ThreatScalePolicy watch-b/inverted: "
        + "spec.minReplicas 9 exceeds spec.maxReplicas 3: expected minReplicas <= maxReplicas");
      assertThat(policies.current()).isEmpty();
      kube.client.resources(ThreatScalePolicyResource.class).inNamespace("watch-b").withName("inverted").edit(p -> {
        p.getSpec().minReplicas = 1;
        return p;
      });
      assertThat(next(changes).type()).isEqualTo(PolicyChange.Type.ADDED);
      assertThat(policies.refused()).isEmpty();
    } finally {
      await(policies.close());
    }
  }

  @Test
  @DisplayName("60 deployments in 6 namespaces: every one reconciled to its replicas, status written, within the bound")
  void sixtyDeploymentsAcrossNamespaces(Vertx vertx) throws Exception {
    List<String> namespaces = new ArrayList<>();
    for (int n = 0; n < 6; n++) {
      String namespace = "fleet-" + n;
      namespaces.add(namespace);
      kube.namespace(namespace);
      for (int d = 0; d < 10; d++) {
        kube.deployment(namespace, "sensor-" + d, 1);
        kube.policy(namespace, "sensor-" + d, "sensor-" + d, 1, 40, List.of(1, 2 + d, 10 + d, 20 + d));
      }
    }
    KubernetesPolicies policies = new KubernetesPolicies(vertx, kube.client, namespaces);
    KubernetesActuator actuator = new KubernetesActuator(vertx, kube.client, Backoff.DEFAULT);
    long watchStart = System.nanoTime();
    await(policies.start());
    long watchMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - watchStart);
    try {
      assertThat(policies.current()).hasSize(60);
      long start = System.nanoTime();
      await(escalate(policies, actuator, ThreatLevel.Hostile));
      long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      System.out.printf("kube: watched=60 policies in 6 namespaces (12 informers) in %d ms%n", watchMs);
      System.out.printf("kube: reconciled=60 deployments in %d ms (%.0f/s): read scale, patch scale, patch status each%n",
        ms, 60_000.0 / ms);
      for (String namespace : namespaces) {
        for (int d = 0; d < 10; d++) {
          assertThat(kube.replicasOf(namespace, "sensor-" + d)).as(namespace + "/sensor-" + d).isEqualTo(10 + d);
          ThreatScalePolicyStatus status = kube.client.resources(ThreatScalePolicyResource.class)
            .inNamespace(namespace).withName("sensor-" + d).get().getStatus();
          assertThat(status.observedThreatLevel).isEqualTo("HOSTILE");
          assertThat(status.desiredReplicas).isEqualTo(10 + d);
          assertThat(status.lastDecision.fromReplicas).isEqualTo(1);
        }
      }
    } finally {
      await(policies.close());
    }
  }

  /** Every current policy: read its target, scale it to the level's replicas (floor and bounds applied), write status. */
  private static Future<Void> escalate(KubernetesPolicies policies, KubernetesActuator actuator, ThreatLevel picture) {
    List<Future<Void>> reconciled = new ArrayList<>();
    for (KubePolicy policy : policies.current()) {
      ThreatLevel level = picture.compareTo(policy.threatFloor()) >= 0 ? picture : policy.threatFloor();
      int desired = Math.max(policy.minReplicas(), Math.min(policy.maxReplicas(),
        policy.threatScaling().replicasAt(level)));
      reconciled.add(actuator.currentReplicas(policy).compose(current -> actuator.scaleTo(policy, desired)
        .compose(now -> actuator.writeStatus(policy, new PolicyStatusReport(picture, current, desired, Instant.now(),
          current, now, picture == level ? "threat" : "floor", List.of("picture at " + picture
          + (picture == level ? "" : ", floor " + level + " from " + policy.threatFloorFrom())))))));
    }
    return Future.all(reconciled).mapEmpty();
  }

  private static ThreatResponseResource response(String namespace, String name, String level, boolean autoScale) {
    ThreatResponseResource response = new ThreatResponseResource();
    response.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    response.getSpec().threatLevel = level;
    response.getSpec().responseAction = "ENGAGE";
    response.getSpec().autoScale = autoScale;
    return response;
  }

  private static PolicyChange next(BlockingQueue<PolicyChange> changes) throws InterruptedException {
    PolicyChange change = changes.poll(REACTION_BOUND_S, TimeUnit.SECONDS);
    assertThat(change).as("a policy change within " + REACTION_BOUND_S + " s").isNotNull();
    return change;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(REACTION_BOUND_S, TimeUnit.SECONDS);
  }
}
