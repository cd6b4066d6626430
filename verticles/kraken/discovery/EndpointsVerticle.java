package kraken.discovery;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.kubernetes.KubernetesServiceImporter;
import io.vertx.servicediscovery.types.HttpEndpoint;
import kraken.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes this node's HTTP endpoints (ingest, tactical API) as Vert.x service discovery records, so that the load
 * generator, the simulator and consoles can find them ({@link EndpointFinder}); in cluster mode the records live in
 * the grid, so every node sees every node's endpoints. Deployed last and so undeployed first: a draining node stops
 * being found before it stops answering. The address is {@code cluster.host} (the pod IP in Kubernetes).
 *
 * <p>With {@code cluster.discovery=kubernetes} it also starts Vert.x's Kubernetes bridge, which imports the Services
 * of the pod's namespace as records, but only where the pod has a service account token: the grid pods mount none
 * (k8s/base/rbac.yaml), and the bridge needs get/list/watch on Services, which no Role grants yet.
 */
public final class EndpointsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EndpointsVerticle.class);
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final List<String> registrations = new ArrayList<>();
  private ServiceDiscovery discovery;

  @Override
  public Future<?> start() {
    JsonObject flat = config();
    discovery = ServiceDiscovery.create(vertx);
    List<String> verticles = Settings.VERTICLES.from(flat);
    String host = Settings.CLUSTER_HOST.from(flat);
    String node = Settings.NODE_ID.from(flat);
    List<Future<?>> published = new ArrayList<>();
    if (verticles.contains("ingest")) {
      published.add(publish(EndpointRole.INGEST, host, Settings.INGEST_PORT.from(flat), node));
    }
    if (verticles.contains("tactical")) {
      published.add(publish(EndpointRole.TACTICAL, host, Settings.TACTICAL_PORT.from(flat), node));
    }
    if (Settings.CLUSTER_ENABLED.from(flat) && Settings.CLUSTER_DISCOVERY.from(flat).equals("kubernetes")) {
      published.add(importKubernetesServices());
    }
    return Future.all(published);
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> removed = registrations.stream()
      .map(id -> discovery.unpublish(id).recover(failure -> {
        LOG.warn("could not unpublish endpoint record {}: {}", id, failure.toString());
        return Future.succeededFuture();
      })).toList();
    return Future.all(removed).onComplete(done -> discovery.close());
  }

  private Future<Void> publish(EndpointRole role, String host, int port, String node) {
    if (port == 0) {
      LOG.info("{} endpoint not published: its port is chosen at start (0), so it is not known here", role.label());
      return Future.succeededFuture();
    }
    Record record = HttpEndpoint.createRecord(role.recordName(), host, port, "/",
      new JsonObject().put("kraken.role", role.label()).put("node", node));
    return discovery.publish(record).map(published -> {
      registrations.add(published.getRegistration());
      LOG.info("published {} endpoint http://{}:{} as {}", role.label(), host, port, role.recordName());
      return null;
    });
  }

  private Future<Void> importKubernetesServices() {
    Path token = SERVICE_ACCOUNT.resolve("token");
    if (!Files.isReadable(token)) {
      LOG.info("Kubernetes Service import off: no service account token at {} (grid pods mount none); endpoints are "
        + "found from the records the nodes publish in the grid", token);
      return Future.succeededFuture();
    }
    JsonObject importer = new JsonObject();
    try {
      importer.put("namespace", Files.readString(SERVICE_ACCOUNT.resolve("namespace")).trim());
    } catch (java.io.IOException e) {
      LOG.info("no namespace file in {}: the bridge uses its default namespace", SERVICE_ACCOUNT);
    }
    return discovery.registerServiceImporter(new KubernetesServiceImporter(), importer)
      .onSuccess(v -> LOG.info("importing Kubernetes Services of namespace {} as endpoint records",
        importer.getString("namespace", "default")))
      .recover(failure -> {
        LOG.warn("Kubernetes Service import failed ({}); endpoints are found from the records the nodes publish",
          failure.toString());
        return Future.succeededFuture();
      });
  }
}
