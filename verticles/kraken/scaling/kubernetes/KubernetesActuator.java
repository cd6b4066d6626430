package kraken.scaling.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Scales Deployments through their {@code scale} subresource and writes a ThreatScalePolicy's {@code status}, exactly
 * the verbs the scaler's Role grants (get and patch {@code deployments/scale}, patch {@code threatscalepolicies/status}):
 * JSON merge patches, never a PUT of the whole object. The calls go through fabric8's asynchronous HTTP client (the
 * JDK's), so nothing blocks the event loop; answers come back on the caller's context. A call that gets a conflict,
 * throttling, a server error or no answer is retried with {@link Backoff}; one the server refuses (404, 403, 422)
 * fails at once. Every failure is a failed future with a {@link KubernetesApiException} naming the call and the
 * server's answer, never an exception thrown at the caller.
 *
 * <p>Build the client with {@link KubernetesClients#create}: it turns fabric8's own retries off so that only these
 * retries (jittered, bounded, 409 included) happen.
 */
public final class KubernetesActuator {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesActuator.class);
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final Vertx vertx;
  private final KubernetesClient client;
  private final Backoff backoff;

  public KubernetesActuator(Vertx vertx, KubernetesClient client, Backoff backoff) {
    this.vertx = vertx;
    this.client = client;
    this.backoff = backoff;
  }

  /** For decisions and logs. */
  public String kind() {
    return "kubernetes";
  }

  /** The replicas the policy's Deployment is set to ({@code spec.replicas} of its scale subresource). */
  public Future<Integer> currentReplicas(KubePolicy policy) {
    return currentReplicas(policy.targetNamespace(), policy.targetDeployment());
  }

  public Future<Integer> currentReplicas(String namespace, String deployment) {
    String what = "get scale of deployment " + namespace + "/" + deployment;
    return call(what, () -> client.getHttpClient().newHttpRequestBuilder().uri(scaleUri(namespace, deployment)).build())
      .map(scale -> replicasOf(what, scale));
  }

  /** Sets the policy's Deployment to {@code replicas}; answers the count the scale subresource holds afterwards. */
  public Future<Integer> scaleTo(KubePolicy policy, int replicas) {
    return scaleTo(policy.targetNamespace(), policy.targetDeployment(), replicas);
  }

  public Future<Integer> scaleTo(String namespace, String deployment, int replicas) {
    if (replicas < 0) {
      return Future.failedFuture(new IllegalArgumentException("scale of deployment " + namespace + "/" + deployment
        + " to " + replicas + ": expected replicas >= 0"));
    }
    String what = "patch scale of deployment " + namespace + "/" + deployment + " to " + replicas;
    String body = new JsonObject().put("spec", new JsonObject().put("replicas", replicas)).encode();
    return call(what, () -> client.getHttpClient().newHttpRequestBuilder().uri(scaleUri(namespace, deployment))
      .method("PATCH", MERGE_PATCH, body).build())
      .map(scale -> replicasOf(what, scale))
      .onSuccess(now -> LOG.info("scaled deployment {}/{} to {} replicas", namespace, deployment, now));
  }

  /** Writes {@code status} of the policy's resource (in the policy's own namespace, not the target's). */
  public Future<Void> writeStatus(KubePolicy policy, PolicyStatusReport report) {
    return writeStatus(policy.namespace(), policy.name(), report);
  }

  public Future<Void> writeStatus(String namespace, String policyName, PolicyStatusReport report) {
    String what = "patch status of ThreatScalePolicy " + namespace + "/" + policyName;
    String body = Serialization.asJson(Map.of("status", report.toStatus()));
    String uri = base() + "apis/" + ThreatScalePolicyResource.GROUP + "/" + ThreatScalePolicyResource.VERSION
      + "/namespaces/" + namespace + "/threatscalepolicies/" + policyName + "/status";
    return call(what, () -> client.getHttpClient().newHttpRequestBuilder().uri(uri)
      .method("PATCH", MERGE_PATCH, body).build()).mapEmpty();
  }

  private String scaleUri(String namespace, String deployment) {
    return base() + "apis/apps/v1/namespaces/" + namespace + "/deployments/" + deployment + "/scale";
  }

  private String base() {
    String master = client.getConfiguration().getMasterUrl();
    return master.endsWith("/") ? master : master + "/";
  }

  /** One call with its retries: answers the response body as JSON, or fails with the last error. */
  private Future<JsonObject> call(String what, Supplier<HttpRequest> request) {
    Context context = vertx.getOrCreateContext();
    Promise<JsonObject> result = Promise.promise();
    attempt(what, request, 0, context, result);
    return result.future();
  }

  private void attempt(String what, Supplier<HttpRequest> request, int retry, Context context,
                       Promise<JsonObject> result) {
    CompletableFuture<HttpResponse<String>> sent;
    try {
      sent = client.getHttpClient().sendAsync(request.get(), String.class)
        .orTimeout(client.getConfiguration().getRequestTimeout() > 0
          ? client.getConfiguration().getRequestTimeout() : 10_000, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    Future.fromCompletionStage(sent, context)
      .transform(answered -> Future.succeededFuture(answered.succeeded() ? outcome(what, answered.result())
        : new KubernetesApiException(0, what + ": no answer from the API server: " + answered.cause(),
        answered.cause())))
      .onSuccess(outcome -> {
        if (outcome instanceof JsonObject json) {
          result.complete(json);
          return;
        }
        KubernetesApiException failure = (KubernetesApiException) outcome;
        if (!failure.retryable() || retry + 1 >= backoff.attempts()) {
          result.fail(retry == 0 ? failure : new KubernetesApiException(failure.status(), failure.getMessage()
            + " (gave up after " + (retry + 1) + " attempts)", failure));
          return;
        }
        long delay = backoff.delayMs(retry);
        LOG.warn("{}; retry {} of {} in {} ms", failure.getMessage(), retry + 1, backoff.attempts() - 1, delay);
        vertx.setTimer(delay, id -> context.runOnContext(v -> attempt(what, request, retry + 1, context, result)));
      });
  }

  /** The body as JSON when the call succeeded, else the failure to report or retry. */
  private static Object outcome(String what, HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body();
    if (response.isSuccessful()) {
      try {
        return body.isBlank() ? new JsonObject() : new JsonObject(body);
      } catch (DecodeException e) {
        return new KubernetesApiException(response.code(), what + ": the API server answered " + response.code()
          + " with a body that is not a JSON object", e);
      }
    }
    return new KubernetesApiException(response.code(), what + " failed: HTTP " + response.code() + " "
      + serverMessage(body), null);
  }

  /** The {@code message} of a Kubernetes Status object, else the start of the body. */
  private static String serverMessage(String body) {
    try {
      String message = new JsonObject(body).getString("message");
      if (message != null) {
        return message;
      }
    } catch (DecodeException | ClassCastException e) {
      // not a Status object: show the body itself
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  private static int replicasOf(String what, JsonObject scale) {
    Function<JsonObject, Integer> replicas = json -> json == null ? null : json.getInteger("replicas");
    Integer count = replicas.apply(scale.getJsonObject("spec"));
    if (count == null) {
      // a Deployment's scale without spec.replicas means the default, 1
      return 1;
    }
    if (count < 0) {
      throw new KubernetesApiException(200, what + ": the API server answered a negative replica count " + count, null);
    }
    return count;
  }
}
