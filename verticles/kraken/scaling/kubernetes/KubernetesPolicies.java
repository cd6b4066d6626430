package kraken.scaling.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The scaler's policies from the cluster: informers on ThreatScalePolicy and ThreatResponse resources in the given
 * namespaces (or all), the current set of {@link KubePolicy} kept up to date, and a {@link PolicyChange} to each
 * listener when a policy is added, changed (its spec, or a ThreatResponse of its namespace) or deleted. Informer
 * events arrive on fabric8's threads and are handed to the Vert.x context that called {@link #start()}, so the
 * state has one writer and listeners run on that context. A resource that fails the checks of {@link KubePolicy#of}
 * is left out, with a warning that names the field; if it was in the set before, that is a DELETED change.
 */
public final class KubernetesPolicies {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesPolicies.class);

  private final Vertx vertx;
  private final KubernetesClient client;
  private final List<String> namespaces;
  private final Map<String, ThreatScalePolicyResource> policyResources = new HashMap<>();
  private final Map<String, ThreatResponseResource> responseResources = new HashMap<>();
  private final Map<String, KubePolicy> current = new LinkedHashMap<>();
  private final Map<String, String> refused = new LinkedHashMap<>();
  private final List<Consumer<PolicyChange>> listeners = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  /** What {@link #current()} and {@link #refused()} answer on any thread; replaced after each change. */
  private volatile List<KubePolicy> snapshot = List.of();
  private volatile Map<String, String> refusedSnapshot = Map.of();
  private Context context;

  /** @param namespaces the namespaces to watch; empty means every namespace (needs a ClusterRole to list them) */
  public KubernetesPolicies(Vertx vertx, KubernetesClient client, List<String> namespaces) {
    this.vertx = vertx;
    this.client = client;
    this.namespaces = List.copyOf(namespaces);
  }

  /** Registers a listener; it runs on the context that started the watch. */
  public KubernetesPolicies onChange(Consumer<PolicyChange> listener) {
    listeners.add(listener);
    return this;
  }

  /** Starts the informers; completes once each has listed its resources (the set is then complete). */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    List<Future<Void>> synced = new ArrayList<>();
    for (String namespace : namespaces.isEmpty() ? List.of("") : namespaces) {
      synced.add(inform(ThreatScalePolicyResource.class, namespace, policyResources));
      synced.add(inform(ThreatResponseResource.class, namespace, responseResources));
    }
    return Future.all(synced).onSuccess(v -> LOG.info("watching ThreatScalePolicy and ThreatResponse resources in {}: "
      + "{} policies", describe(), current.size())).mapEmpty();
  }

  /** The policies now, in the order they appeared; safe to call from any thread. */
  public List<KubePolicy> current() {
    return snapshot;
  }

  /** The same, as the scaler's policy source answers it. */
  public Future<List<KubePolicy>> policies() {
    return Future.succeededFuture(current());
  }

  /** Policies left out, by namespace/name, with the reason (for logs, tests and the README's honesty). */
  public Map<String, String> refused() {
    return refusedSnapshot;
  }

  public String describe() {
    return namespaces.isEmpty() ? "all namespaces" : "namespaces " + String.join(", ", namespaces);
  }

  public Future<Void> close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
    return Future.succeededFuture();
  }

  private <T extends HasMetadata> Future<Void> inform(Class<T> type, String namespace, Map<String, T> into) {
    var resources = client.resources(type);
    SharedIndexInformer<T> informer = namespace.isEmpty() ? resources.inAnyNamespace().runnableInformer(0)
      : resources.inNamespace(namespace).runnableInformer(0);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T resource) {
        context.runOnContext(v -> put(into, resource));
      }

      @Override
      public void onUpdate(T before, T after) {
        context.runOnContext(v -> put(into, after));
      }

      @Override
      public void onDelete(T resource, boolean finalStateUnknown) {
        context.runOnContext(v -> remove(into, resource));
      }
    });
    informer.exceptionHandler((started, failure) -> {
      LOG.warn("watch of {} in {} failed ({}); fabric8 retries it", type.getSimpleName(),
        namespace.isEmpty() ? "all namespaces" : namespace, failure.toString());
      return true;
    });
    informers.add(informer);
    return Future.fromCompletionStage(informer.start(), context);
  }

  private <T extends HasMetadata> void put(Map<String, T> into, T resource) {
    into.put(key(resource), resource);
    reconcileNamespace(resource.getMetadata().getNamespace());
  }

  private <T extends HasMetadata> void remove(Map<String, T> into, T resource) {
    into.remove(key(resource));
    reconcileNamespace(resource.getMetadata().getNamespace());
  }

  /** Recomputes every policy of one namespace (a ThreatResponse touches them all) and tells what changed. */
  private void reconcileNamespace(String namespace) {
    List<ThreatResponseResource> responses = responseResources.values().stream()
      .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
      .filter(this::validResponse)
      .toList();
    Map<String, KubePolicy> now = new LinkedHashMap<>();
    policyResources.values().stream().filter(p -> namespace.equals(p.getMetadata().getNamespace()))
      .sorted(Comparator.comparing(KubernetesPolicies::key))
      .forEach(resource -> {
        try {
          now.put(key(resource), KubePolicy.of(resource, responses));
          refused.remove(key(resource));
        } catch (IllegalArgumentException e) {
          if (!e.getMessage().equals(refused.put(key(resource), e.getMessage()))) {
            LOG.warn("left out: {}", e.getMessage());
          }
        }
      });
    refused.keySet().removeIf(key -> key.startsWith(namespace + "/") && !policyResources.containsKey(key));
    List<PolicyChange> changes = new ArrayList<>();
    current.entrySet().removeIf(entry -> {
      boolean gone = entry.getValue().namespace().equals(namespace) && !now.containsKey(entry.getKey());
      if (gone) {
        changes.add(new PolicyChange(PolicyChange.Type.DELETED, entry.getValue()));
      }
      return gone;
    });
    now.forEach((key, policy) -> {
      KubePolicy before = current.put(key, policy);
      if (before == null) {
        changes.add(new PolicyChange(PolicyChange.Type.ADDED, policy));
      } else if (!before.equals(policy)) {
        changes.add(new PolicyChange(PolicyChange.Type.UPDATED, policy));
      }
    });
    snapshot = List.copyOf(current.values());
    refusedSnapshot = Map.copyOf(refused);
    changes.forEach(this::tell);
  }

  private boolean validResponse(ThreatResponseResource response) {
    try {
      if (response.getSpec() != null) {
        KubePolicy.levelOf(response);
        return true;
      }
      LOG.warn("left out: ThreatResponse {} has no spec", key(response));
    } catch (IllegalArgumentException e) {
      LOG.warn("left out: {}", e.getMessage());
    }
    return false;
  }

  private void tell(PolicyChange change) {
    LOG.info("policy {} {}: {}/{} between {} and {} replicas (threat floor {})", change.policy().key(),
      change.type().name().toLowerCase(java.util.Locale.ROOT), change.policy().targetNamespace(),
      change.policy().targetDeployment(), change.policy().minReplicas(), change.policy().maxReplicas(),
      change.policy().threatFloor());
    for (Consumer<PolicyChange> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.error("a policy listener failed on {} {}", change.type(), change.policy().key(), e);
      }
    }
  }

  private static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
