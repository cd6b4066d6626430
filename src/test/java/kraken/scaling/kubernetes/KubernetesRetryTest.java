package kraken.scaling.kubernetes;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors a CRUD mock never gives, scripted one answer at a time (fabric8's mock server in expectations mode). */
@ExtendWith(VertxExtension.class)
@DisplayName("The Kubernetes actuator retries conflicts and server errors with backoff, and gives up clearly")
class KubernetesRetryTest {

  private static final String SCALE = "/apis/apps/v1/namespaces/retry/deployments/inference/scale";
  private static final Backoff QUICK = new Backoff(4, 10, 50);

  private MockKubernetes kube;

  @BeforeEach
  void startServer() {
    kube = MockKubernetes.expectations();
  }

  @AfterEach
  void stopServer() {
    kube.close();
  }

  @Test
  @DisplayName("a 409 conflict, then success: the scale call succeeds on its second attempt")
  void conflictIsRetried(Vertx vertx, VertxTestContext testContext) {
    kube.server.expect().patch().withPath(SCALE).andReturn(409, status(409, "Conflict",
      "Operation cannot be fulfilled on deployments.apps \"inference\": the object has been modified")).once();
    kube.server.expect().patch().withPath(SCALE).andReturn(200, scale(12)).once();
    new KubernetesActuator(vertx, kube.client, QUICK).scaleTo("retry", "inference", 12)
      .onComplete(testContext.succeeding(replicas -> testContext.verify(() -> {
        assertThat(replicas).isEqualTo(12);
        assertThat(kube.server.getRequestCount()).isEqualTo(2);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("two 500s, then success: the read succeeds on its third attempt")
  void serverErrorIsRetried(Vertx vertx, VertxTestContext testContext) {
    kube.server.expect().get().withPath(SCALE).andReturn(500, status(500, "InternalError", "etcdserver: leader changed"))
      .times(2);
    kube.server.expect().get().withPath(SCALE).andReturn(200, scale(4)).once();
    new KubernetesActuator(vertx, kube.client, QUICK).currentReplicas("retry", "inference")
      .onComplete(testContext.succeeding(replicas -> testContext.verify(() -> {
        assertThat(replicas).isEqualTo(4);
        assertThat(kube.server.getRequestCount()).isEqualTo(3);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("500s that do not stop: a failed future after the bounded attempts, naming the call and the answer")
  void givesUpAfterTheBound(Vertx vertx, VertxTestContext testContext) {
    kube.server.expect().patch().withPath(SCALE).andReturn(500, status(500, "InternalError", "etcdserver: timeout"))
      .always();
    new KubernetesActuator(vertx, kube.client, QUICK).scaleTo("retry", "inference", 3)
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(failure).isInstanceOf(KubernetesApiException.class);
        assertThat(failure.getMessage()).contains("patch scale of deployment retry/inference to 3")
          .contains("HTTP 500").contains("etcdserver: timeout").contains("gave up after 4 attempts");
        assertThat(kube.server.getRequestCount()).isEqualTo(4);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a 403 is not retried: the scaler's Role is missing, asking again cannot help")
  void forbiddenIsNotRetried(Vertx vertx, VertxTestContext testContext) {
    kube.server.expect().patch().withPath(SCALE).andReturn(403, status(403, "Forbidden",
      "deployments.apps \"inference\" is forbidden: cannot patch resource \"deployments/scale\"")).always();
    new KubernetesActuator(vertx, kube.client, QUICK).scaleTo("retry", "inference", 3)
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(((KubernetesApiException) failure).status()).isEqualTo(403);
        assertThat(failure.getMessage()).contains("forbidden").doesNotContain("gave up");
        assertThat(kube.server.getRequestCount()).isEqualTo(1);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("backoff waits grow, stay within the bound, and are never zero")
  void backoffIsBoundedWithJitter() {
    Backoff backoff = new Backoff(10, 100, 2000);
    for (int retry = 0; retry < 10; retry++) {
      long ceiling = Math.min(2000, 100L << retry);
      for (int i = 0; i < 50; i++) {
        assertThat(backoff.delayMs(retry)).isBetween(ceiling / 2, ceiling);
      }
    }
  }

  private static Scale scale(int replicas) {
    return new ScaleBuilder().withNewMetadata().withName("inference").withNamespace("retry").endMetadata()
      .withNewSpec().withReplicas(replicas).endSpec().build();
  }

  private static io.fabric8.kubernetes.api.model.Status status(int code, String reason, String message) {
    return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
  }
}
