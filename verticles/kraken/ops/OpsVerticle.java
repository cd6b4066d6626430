package kraken.ops;

import com.hazelcast.cluster.ClusterState;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import kraken.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations server every node runs whatever its verticles: {@code /health} (liveness: the event loop
 * answers), {@code /ready} (readiness: verticles deployed, grid and cluster active and safe, not draining) and
 * {@code /metrics} (Prometheus).
 */
public final class OpsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OpsVerticle.class);

  private final NodeState node;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;

  public OpsVerticle(NodeState node, PrometheusMeterRegistry registry) {
    this.node = node;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    HealthChecks liveness = HealthChecks.create(vertx)
      .register("event-loop", promise -> promise.complete(Status.OK()));
    HealthChecks readiness = HealthChecks.create(vertx)
      .register("verticles", this::verticlesDeployed)
      .register("grid", this::gridActive)
      // vertx-hazelcast's check: every partition has its backups in place (false while data migrates after a
      // member joins or leaves), so a node is not sent traffic before the grid can keep what it acknowledges
      .register("cluster-safe", ClusterHealthCheck.createProcedure(vertx))
      .register("draining", this::notDraining);
    Router router = Router.router(vertx);
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(liveness));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    server = vertx.createHttpServer(HttpServers.options()).requestHandler(router);
    return server.listen(Settings.OPS_PORT.from(config()), Settings.OPS_HOST.from(config()))
      .onSuccess(s -> LOG.info("operations server on {}:{} (/health, /ready, /metrics)",
        Settings.OPS_HOST.from(config()), s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }

  private void verticlesDeployed(Promise<Status> promise) {
    JsonObject data = new JsonObject().put("verticles", String.join(",", node.verticles()));
    promise.complete(node.deployed() ? Status.OK(data) : Status.KO(data.put("reason", "still deploying")));
  }

  private void gridActive(Promise<Status> promise) {
    if (!node.gridRunning()) {
      promise.complete(Status.KO(new JsonObject().put("reason", "Hazelcast is not running")));
      return;
    }
    ClusterState state = node.clusterState();
    JsonObject data = new JsonObject().put("clustered", node.clustered()).put("state", state.name())
      .put("members", node.clusterMembers());
    promise.complete(state == ClusterState.ACTIVE ? Status.OK(data) : Status.KO(data));
  }

  private void notDraining(Promise<Status> promise) {
    promise.complete(node.draining()
      ? Status.KO(new JsonObject().put("reason", "shutting down: draining in-flight work"))
      : Status.OK());
  }
}
