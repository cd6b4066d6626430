package kraken.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import kraken.bus.BusCodecs;
import kraken.config.KrakenConfig;
import kraken.config.PostgresUri;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.grid.GridConfig;
import kraken.inference.InferenceVerticle;
import kraken.inference.ModelScorer;
import kraken.inference.ScoringSteps;
import kraken.ingest.IngestVerticle;
import kraken.ops.LoadReporter;
import kraken.ops.NodeState;
import kraken.ops.OpsVerticle;
import kraken.scaling.ScalingVerticle;
import kraken.scaling.ScalingWiring;
import kraken.simulation.SimulatedFeed;
import kraken.storage.Migrations;
import kraken.tactical.TacticalVerticle;
import kraken.tactical.api.ApiVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One KRAKEN node: a clustered Vert.x on Hazelcast (a single in-memory member in embedded mode), the
 * operations server, and the selected verticles, deployed downstream-first so that ingest never takes a
 * reading before the pipeline behind it exists, and undeployed in the reverse order so that it drains.
 */
public final class KrakenNode {

  private static final Logger LOG = LoggerFactory.getLogger(KrakenNode.class);

  private final Vertx vertx;
  private final KrakenConfig config;
  private final NodeState state;
  private final PrometheusMeterRegistry registry;
  private final Deque<String> deployments = new ArrayDeque<>();

  private KrakenNode(Vertx vertx, KrakenConfig config, NodeState state, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.state = state;
    this.registry = registry;
  }

  /**
   * Starts a node; fails if any part cannot start, and then closes whatever had started. The result is a
   * plain {@link CompletableFuture} because a Vert.x future of a closed instance cannot deliver its failure.
   */
  public static CompletableFuture<KrakenNode> start(KrakenConfig requested) {
    CompletableFuture<KrakenNode> started = new CompletableFuture<>();
    KrakenConfig config = withNodeId(requested);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    startVertx(config, registry).onComplete(result -> {
      if (result.succeeded()) {
        started.complete(result.result());
      } else {
        LOG.error("node {} failed to start: {}", config.get(Settings.NODE_ID), result.cause().getMessage(),
          result.cause());
        started.completeExceptionally(result.cause());
      }
    });
    return started;
  }

  private static Future<KrakenNode> startVertx(KrakenConfig config, PrometheusMeterRegistry registry) {
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(GridConfig.of(config));
    String host = config.get(Settings.CLUSTER_HOST);
    VertxOptions options = new VertxOptions()
      .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true))
      .setEventBusOptions(new EventBusOptions().setHost(host).setPort(config.get(Settings.CLUSTER_BUS_PORT))
        .setClusterPublicHost(host));
    boolean clustered = config.get(Settings.CLUSTER_ENABLED);
    LOG.info("starting node {} ({}) with verticles {}", config.get(Settings.NODE_ID),
      !clustered ? "embedded, single in-memory grid member"
        : config.get(Settings.CLUSTER_DISCOVERY).equals("kubernetes")
        ? "cluster mode, members from the DNS name " + config.get(Settings.CLUSTER_KUBERNETES_SERVICE_DNS)
        : "cluster mode, members " + config.get(Settings.CLUSTER_MEMBERS),
      config.get(Settings.VERTICLES));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
      .withClusterManager(clusterManager).buildClustered()
      .compose(vertx -> {
        BusCodecs.register(vertx.eventBus());
        Grid grid = new Grid(clusterManager.getHazelcastInstance());
        NodeState state = new NodeState(config.get(Settings.NODE_ID), config.get(Settings.VERTICLES), grid, clustered);
        KrakenNode node = new KrakenNode(vertx, config, state, registry);
        return node.migrateStorage().compose(v -> node.deployAll(grid)).map(node)
          .onFailure(failure -> new Thread(vertx::close, "kraken-abort").start());
      });
  }

  private Future<Void> deployAll(Grid grid) {
    List<String> selected = config.get(Settings.VERTICLES);
    int ingestInstances = config.get(Settings.INGEST_INSTANCES);
    Future<Void> chain = deploy("ops", () -> new OpsVerticle(state, registry), 1)
      .compose(v -> deploy("load-reporter", () -> new LoadReporter(state, registry), 1));
    if (selected.contains("tactical")) {
      chain = chain.compose(v -> deploy("tactical", () -> new TacticalVerticle(grid, registry), 1))
        .compose(v -> deploy("tactical-api", () -> new ApiVerticle(grid, registry), 1));
    }
    Supplier<InferenceVerticle> inference =
      () -> new InferenceVerticle(registry, ModelScorer::new, null, ScoringSteps::contractProblem);
    if (selected.contains("inference")) {
      chain = chain.compose(v -> deploy("inference", inference, 1));
    }
    if (selected.contains("ingest")) {
      chain = chain.compose(v -> deploy("ingest", () -> new IngestVerticle(registry), ingestInstances));
    }
    if (selected.contains("scaling")) {
      // the local actuator deploys more inference instances the way this node deploys its own
      ScalingWiring.LocalInference local = new ScalingWiring.LocalInference(inference,
        selected.contains("inference") ? 1 : 0);
      chain = chain.compose(v -> deploy("scaling", () -> new ScalingVerticle(grid, registry, local), 1));
    }
    chain = chain.compose(v -> deploySimulator(selected));
    // last, so undeployed first: a draining node stops being found before it stops answering
    chain = chain.compose(v -> deploy("endpoints", kraken.discovery.EndpointsVerticle::new, 1));
    return chain.onSuccess(v -> {
      state.markDeployed();
      LOG.info(persistenceLine());
      LOG.info("node {} ready: {}", state.nodeId(), String.join(",", selected));
    });
  }

  /** With a database configured, its schema is brought up to date before any verticle could write to it. */
  private Future<Void> migrateStorage() {
    if (config.get(Settings.POSTGRES_URI).isEmpty()) {
      return Future.succeededFuture();
    }
    return Migrations.run(vertx, config).mapEmpty();
  }

  private String persistenceLine() {
    String uri = config.get(Settings.POSTGRES_URI);
    if (uri.isEmpty()) {
      return "persistence off: no postgres.uri, raw readings stay in memory and the picture lives in the Hazelcast grid only";
    }
    String address = PostgresUri.parse(uri).address();
    String readings = config.get(Settings.READINGS_PERSIST) ? "raw readings to PostgreSQL"
      : "raw readings stay in memory (readings.persist=false)";
    String picture = Settings.persistenceEnabled(config.asJson()) ? "assessments recorded"
      : "picture not recorded (persistence.enabled=false)";
    return "persistence: PostgreSQL at " + address + " migrated; " + readings + "; " + picture;
  }

  private Future<Void> deploySimulator(List<String> selected) {
    if (!config.get(Settings.SIMULATOR_ENABLED)) {
      LOG.info("simulated sensor feed off (simulator.enabled=false)");
      return Future.succeededFuture();
    }
    int port = config.get(Settings.INGEST_PORT);
    if (!selected.contains("ingest") && config.get(Settings.CLUSTER_ENABLED)) {
      return deploy("simulator", SimulatedFeed::discovering, 1);
    }
    if (!selected.contains("ingest") || port == 0) {
      LOG.info("simulated sensor feed off: it needs the ingest verticle on a fixed ingest.http.port on this node, "
        + "or cluster mode to find another node's ingest");
      return Future.succeededFuture();
    }
    return deploy("simulator", () -> new SimulatedFeed(port), 1);
  }

  private Future<Void> deploy(String name, Supplier<? extends Deployable> verticle, int instances) {
    DeploymentOptions options = new DeploymentOptions().setConfig(config.asJson()).setInstances(instances);
    return vertx.deployVerticle(verticle, options)
      .onSuccess(deployments::push)
      .recover(failure -> Future.failedFuture(new IllegalStateException(
        "could not start " + name + ": " + failure.getMessage(), failure)))
      .mapEmpty();
  }

  /**
   * Drains and stops: readiness goes down first, then verticles are undeployed newest first (simulator, ingest,
   * which answers the requests it holds, then inference and tactical), then the node leaves the cluster.
   */
  public Future<Void> shutdown() {
    state.markDraining();
    LOG.info("node {} shutting down: draining in-flight work", state.nodeId());
    Future<Void> chain = Future.succeededFuture();
    while (!deployments.isEmpty()) {
      String id = deployments.pop();
      chain = chain.compose(v -> vertx.undeploy(id).recover(failure -> {
        LOG.warn("undeploying {} failed: {}", id, failure.toString());
        return Future.succeededFuture();
      }));
    }
    return chain.compose(v -> vertx.close()).onComplete(done -> {
      registry.close();
      LOG.info("node {} stopped", state.nodeId());
    });
  }

  public Vertx vertx() {
    return vertx;
  }

  public KrakenConfig config() {
    return config;
  }

  public NodeState state() {
    return state;
  }

  /** The configuration with {@code node.id} filled in (host name, process id and a random suffix) when empty. */
  public static KrakenConfig withNodeId(KrakenConfig config) {
    if (!config.get(Settings.NODE_ID).isEmpty()) {
      return config;
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "node";
    }
    String generated = (host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
      + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)))
      .replaceAll("[^A-Za-z0-9._-]", "-");
    if (generated.length() > 64) {
      generated = generated.substring(generated.length() - 64);
    }
    return config.with(Map.of(Settings.NODE_ID, generated));
  }
}
