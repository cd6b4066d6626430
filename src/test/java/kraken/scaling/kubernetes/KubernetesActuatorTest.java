package kraken.scaling.kubernetes;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.ThreatLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The Kubernetes actuator, against fabric8's mock API server in CRUD mode")
class KubernetesActuatorTest {

  private static MockKubernetes kube;

  @BeforeAll
  static void startServer() throws Exception {
    kube = MockKubernetes.crud();
    kube.namespace("actuator");
  }

  @AfterAll
  static void stopServer() {
    kube.close();
  }

  @Test
  @DisplayName("reads a Deployment's replicas and scales it through the scale subresource")
  void scalesADeployment(Vertx vertx, VertxTestContext testContext) {
    kube.deployment("actuator", "inference-a", 2);
    KubernetesActuator actuator = new KubernetesActuator(vertx, kube.client, Backoff.DEFAULT);
    actuator.currentReplicas("actuator", "inference-a")
      .compose(before -> {
        testContext.verify(() -> assertThat(before).isEqualTo(2));
        return actuator.scaleTo("actuator", "inference-a", 7);
      })
      .onComplete(testContext.succeeding(after -> testContext.verify(() -> {
        assertThat(after).isEqualTo(7);
        assertThat(kube.replicasOf("actuator", "inference-a")).isEqualTo(7);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("writes the decision to the policy's status subresource, leaving its spec alone")
  void writesStatus(Vertx vertx, VertxTestContext testContext) {
    kube.deployment("actuator", "inference-b", 2);
    kube.policy("actuator", "policy-b", "inference-b", 2, 50, List.of(2, 5, 20, 50));
    KubernetesActuator actuator = new KubernetesActuator(vertx, kube.client, Backoff.DEFAULT);
    Instant time = Instant.parse("2026-11-25T12:00:00Z");
    actuator.writeStatus("actuator", "policy-b", new PolicyStatusReport(ThreatLevel.Hostile, 2, 20, time, 2, 20,
        "threat", List.of("HOSTILE contact in the picture asks for 20")))
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        ThreatScalePolicyResource stored = kube.client.resources(ThreatScalePolicyResource.class)
          .inNamespace("actuator").withName("policy-b").get();
        assertThat(stored.getStatus().observedThreatLevel).isEqualTo("HOSTILE");
        assertThat(stored.getStatus().desiredReplicas).isEqualTo(20);
        assertThat(stored.getStatus().currentReplicas).isEqualTo(2);
        assertThat(stored.getStatus().lastDecision.signal).isEqualTo("threat");
        assertThat(stored.getStatus().lastDecision.toReplicas).isEqualTo(20);
        assertThat(stored.getStatus().lastDecision.time).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(stored.getStatus().lastDecision.reasons).containsExactly("HOSTILE contact in the picture asks for 20");
        assertThat(stored.getSpec().targetDeployment).isEqualTo("inference-b");
        assertThat(stored.getSpec().maxReplicas).isEqualTo(50);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a missing Deployment fails at once with a message naming it, without retries")
  void missingDeploymentFails(Vertx vertx, VertxTestContext testContext) {
    KubernetesActuator actuator = new KubernetesActuator(vertx, kube.client, new Backoff(5, 5_000, 10_000));
    actuator.scaleTo("actuator", "no-such-deployment", 3)
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(failure).isInstanceOf(KubernetesApiException.class);
        assertThat(((KubernetesApiException) failure).status()).isEqualTo(404);
        assertThat(failure.getMessage()).contains("deployment actuator/no-such-deployment").contains("404")
          .doesNotContain("gave up");
        testContext.completeNow();
      })));
  }
}
