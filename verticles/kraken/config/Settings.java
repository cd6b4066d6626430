package kraken.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Every configuration key KRAKEN knows, with its default. Nothing reads configuration except through these. */
public final class Settings {

  private static final Map<String, Setting<?>> ALL = new LinkedHashMap<>();
  private static final String HOST = "^[A-Za-z0-9.:\\-\\[\\]]{1,253}$";
  private static final String HOST_TEXT = "a host name or IP address";

  public static final Setting<String> NODE_ID = text("node.id", "",
    "^[A-Za-z0-9._-]{0,64}$", "up to 64 of A-Z a-z 0-9 . _ -",
    "Name of this node in reports and logs; empty means host name and process id.");
  public static final Setting<List<String>> VERTICLES = names("verticles", List.of("ingest", "inference", "tactical", "scaling"),
    Set.of("ingest", "inference", "tactical", "scaling"),
    "Which verticles this node runs (comma-separated).");
  public static final Setting<String> LOG_LEVEL = choice("log.level", "INFO",
    Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR"), "Level of KRAKEN's own loggers.");
  public static final Setting<String> LOG_FORMAT = choice("log.format", "json",
    Set.of("json", "text"), "json: one JSON object per line (for collectors); text: for a terminal.");

  public static final Setting<String> OPS_HOST = text("ops.http.host", "0.0.0.0", HOST, HOST_TEXT,
    "Interface of the operations server (/health, /ready, /metrics).");
  public static final Setting<Integer> OPS_PORT = integer("ops.http.port", 9090, 0, 65535,
    "Port of the operations server (0 picks a free port).");

  public static final Setting<String> INGEST_HOST = text("ingest.http.host", "0.0.0.0", HOST, HOST_TEXT,
    "Interface of the ingest HTTP server.");
  public static final Setting<Integer> INGEST_PORT = integer("ingest.http.port", 8080, 0, 65535,
    "Port of the ingest HTTP server (POST /api/v1/sensors/data).");
  public static final Setting<Integer> INGEST_INSTANCES = integer("ingest.instances", 1, 1, 64,
    "Ingest verticle instances (event loops serving the ingest port).");
  public static final Setting<Integer> INGEST_MAX_BODY_BYTES = integer("ingest.maxBodyBytes", 1_048_576, 1024, 64 * 1_048_576,
    "Largest request body ingest accepts; larger bodies get 413.");
  public static final Setting<Integer> INGEST_MAX_BATCH = integer("ingest.maxBatchReadings", 5000, 1, 100_000,
    "Most readings in one request; more get 413.");
  public static final Setting<Integer> INGEST_MAX_IN_FLIGHT = integer("ingest.maxInFlightBatches", 256, 1, 100_000,
    "Batches one ingest instance may have in the pipeline at once; beyond that requests get 503 and Retry-After.");
  public static final Setting<Integer> INGEST_MAX_IN_FLIGHT_BYTES = integer("ingest.maxInFlightBytes", 64 * 1_048_576,
    1_048_576, Integer.MAX_VALUE, "Bytes of readings (payloads included) one ingest instance may hold in the pipeline; "
    + "beyond that new work is refused (HTTP 503) or not granted credit (TCP).");
  public static final Setting<Integer> INGEST_PIPELINE_TIMEOUT_MS = integer("ingest.pipelineTimeoutMs", 5000, 100, 60_000,
    "How long ingest waits for inference and tactical to take a batch before answering 503.");

  public static final Setting<Integer> DEDUPE_WINDOW_MS = integer("readings.dedupeWindowMs", 30_000, 1_000, 3_600_000,
    "A reading resent within this long of its first arrival is recognised and counted once.");
  public static final Setting<Integer> DEDUPE_MAX_PER_CONTACT = integer("readings.dedupeMaxPerContact", 100_000, 1_000,
    10_000_000, "Most reading keys a contact keeps to recognise resent readings; past it the window shortens.");

  public static final Setting<String> INGEST_TCP_HOST = text("ingest.tcp.host", "0.0.0.0", HOST, HOST_TEXT,
    "Interface of the binary TCP ingest server.");
  public static final Setting<Integer> INGEST_TCP_PORT = integer("ingest.tcp.port", 8082, 0, 65535,
    "Port of the binary TCP ingest server (0 picks a free port).");
  public static final Setting<Integer> INGEST_TCP_MAX_FRAME_BYTES = integer("ingest.tcp.maxFrameBytes", 1_048_576, 1024,
    64 * 1_048_576, "Largest TCP frame (bytes after its length field); a longer one is an error and the connection closes.");
  public static final Setting<Integer> INGEST_TCP_INITIAL_CREDITS = integer("ingest.tcp.initialCredits", 16, 1, 65_535,
    "Frames a TCP client may send before its first answer; one more is granted per frame answered while not overloaded.");
  public static final Setting<Integer> INGEST_TCP_FRAME_TIMEOUT_MS = integer("ingest.tcp.frameTimeoutMs", 10_000, 100,
    600_000, "How long a started TCP frame (or the hello) may take to arrive completely before the connection is closed.");

  public static final Setting<String> TACTICAL_HOST = text("tactical.http.host", "0.0.0.0", HOST, HOST_TEXT,
    "Interface of the tactical API server.");
  public static final Setting<Integer> TACTICAL_PORT = integer("tactical.http.port", 8081, 0, 65535,
    "Port of the tactical API server (GET /api/v1/contacts).");
  public static final Setting<Integer> TACTICAL_WS_MAX_HZ = integer("tactical.ws.maxHz", 10, 1, 100,
    "Most messages per second one /ws/tactical client gets; changes within one period are merged, latest state wins.");
  public static final Setting<Integer> TACTICAL_WS_SNAPSHOT_MAX = integer("tactical.ws.snapshotMaxContacts", 500, 1,
    100_000, "Most contacts (most dangerous first) in the snapshot a /ws/tactical client gets on connect.");
  public static final Setting<Integer> TACTICAL_WS_SLOW_CLIENT_MS = integer("tactical.ws.slowClientMs", 5000, 100,
    600_000, "How long a /ws/tactical client's write queue may stay full before the client is closed as slow.");
  public static final Setting<Integer> TACTICAL_GRAPHQL_MAX_HZ = integer("tactical.graphql.maxHz", 10, 1, 100,
    "Most pictureChanges messages per second one GraphQL subscription gets; changes within one period are merged.");
  public static final Setting<Integer> TACTICAL_GRAPHQL_SLOW_CLIENT_MS = integer("tactical.graphql.slowClientMs", 5000,
    100, 600_000, "How long a GraphQL subscriber's write queue may stay full before its WebSocket is closed as slow.");
  public static final Setting<Integer> TACTICAL_SENSOR_STALE_MS = integer("tactical.sensorStaleMs", 10_000, 100,
    86_400_000, "A sensor instrument with no reading in the picture for this long is STALE (and raises an alert).");
  public static final Setting<Integer> TACTICAL_SENSOR_FORGET_MS = integer("tactical.sensorForgetMs", 3_600_000, 1_000,
    604_800_000, "A sensor instrument silent this long is removed from sensor health (and its stale alert cleared).");
  public static final Setting<Integer> TACTICAL_DEGRADED_WINDOW_MS = integer("tactical.degradedWindowMs", 60_000, 100,
    86_400_000, "The degraded-inference alert stays up while a degraded assessment was folded within this long.");
  public static final Setting<Integer> TACTICAL_MEMBER_LOST_ALERT_MS = integer("tactical.memberLostAlertMs", 300_000,
    100, 86_400_000, "How long a lost-member alert stays up unless a member joins first.");
  public static final Setting<Double> TACTICAL_OWN_SHIP_LAT = decimal("tactical.ownShip.lat", 59.5, -89, 89,
    "Own ship's latitude in degrees (stationary): tracks, ranges and closest points of approach are measured from it.");
  public static final Setting<Double> TACTICAL_OWN_SHIP_LON = decimal("tactical.ownShip.lon", 10.6, -180, 180,
    "Own ship's longitude in degrees (stationary).");

  public static final Setting<Boolean> CLUSTER_ENABLED = bool("cluster.enabled", false,
    "Join a Hazelcast cluster of KRAKEN nodes instead of running a single in-memory node (--cluster).");
  public static final Setting<String> CLUSTER_NAME = text("cluster.name", "kraken", "^[A-Za-z0-9._-]{1,64}$",
    "1 to 64 of A-Z a-z 0-9 . _ -", "Hazelcast cluster name; nodes with other names do not join.");
  public static final Setting<String> CLUSTER_HOST = text("cluster.host", "127.0.0.1", HOST, HOST_TEXT,
    "Address Hazelcast and the clustered event bus bind to and announce.");
  public static final Setting<Integer> CLUSTER_PORT = integer("cluster.port", 5701, 1, 65535,
    "First Hazelcast member port tried (the next free one up to +20 is taken).");
  public static final Setting<Integer> CLUSTER_BUS_PORT = integer("cluster.busPort", 0, 0, 65535,
    "Port of the clustered event bus (0: a free one); fixed in Kubernetes so NetworkPolicies can name it.");
  public static final Setting<List<String>> CLUSTER_MEMBERS = endpoints("cluster.members",
    List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"),
    "TCP-IP member list used to find the other nodes (comma-separated host:port).");
  public static final Setting<String> CLUSTER_DISCOVERY = choice("cluster.discovery", "members",
    Set.of("members", "kubernetes"), "How cluster mode finds the other nodes: members, the TCP-IP list cluster.members; "
      + "kubernetes, Hazelcast's Kubernetes discovery in DNS mode on cluster.kubernetes.serviceDns (no API access).");
  public static final Setting<String> CLUSTER_KUBERNETES_SERVICE_DNS = text("cluster.kubernetes.serviceDns", "",
    "^$|^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$",
    "empty, or a DNS name such as kraken-members.kraken.svc.cluster.local",
    "DNS name of the headless Service whose addresses are the members (needed by cluster.discovery=kubernetes).");

  public static final Setting<Boolean> SIMULATOR_ENABLED = bool("simulator.enabled", true,
    "Feed simulated sonar, satellite and comms readings into the local ingest port (needs the ingest verticle).");
  public static final Setting<Integer> SIMULATOR_RATE = integer("simulator.readingsPerSecond", 20, 1, 100_000,
    "Readings per second the simulator posts.");

  public static final Setting<Integer> TRACK_HISTORY_SIZE = integer("tactical.track.historySize", 32, 1, 1000,
    "Points of history each contact's track keeps (newest last).");
  public static final Setting<Integer> ASSOCIATION_WINDOW_MS = integer("tactical.association.windowMs", 60_000, 1_000,
    3_600_000, "A new sensor track is associated only with contacts seen within this long (sensor time) of it; a member track's "
      + "assessment counts towards its contact's threat this long after its newest reading.");
  public static final Setting<Integer> CONTACT_TTL_MS = integer("tactical.contactTtlMs", 120_000, 1_000, 86_400_000,
    "A contact not updated for this long (wall clock) is removed from the picture and its track bindings released.");

  public static final Setting<Integer> REPORT_INTERVAL_MS = integer("reports.intervalMs", 2000, 100, 600_000,
    "How often each node reports its load, and tactical its threat picture, to the scaling verticle.");

  public static final Setting<Integer> SCALING_READINGS_PER_INSTANCE = integer("scaling.readingsPerSecondPerInstance",
    50_000, 1, 10_000_000, "Readings per second one inference instance is planned to handle.");
  public static final Setting<Integer> SCALING_MIN_INSTANCES = integer("scaling.minInstances", 1, 0, 1000,
    "Fewest inference instances the scaler will ask for.");
  public static final Setting<Integer> SCALING_MAX_INSTANCES = integer("scaling.maxInstances", 10, 1, 1000,
    "Most inference instances the scaler will ask for.");
  public static final Setting<Integer> SCALING_INTERVAL_MS = integer("scaling.intervalMs", 1000, 100, 60_000,
    "How often the active scaler reconciles (a threat report that raises the highest level reconciles at once).");
  public static final Setting<Integer> SCALING_WINDOW_SECONDS = integer("scaling.stabilizationWindowSeconds", 60, 0, 3600,
    "Embedded default policy: scale down only to the highest replica count desired within this window.");
  public static final Setting<String> SCALING_THREAT_REPLICAS = text("scaling.threatReplicas", "1,1,2,4",
    "^\\d{1,4},\\d{1,4},\\d{1,4},\\d{1,4}$", "four integers: benign,suspicious,hostile,immediate",
    "Embedded default policy: inference instances at least, by the picture's highest threat level.");
  public static final Setting<Integer> SCALING_TARGET_P95_MS = integer("scaling.targetP95LatencyMs", 1000, 0, 600_000,
    "Embedded default policy: p95 ingest-to-picture latency one replica count should keep (0: signal off).");
  public static final Setting<Integer> SCALING_TARGET_QUEUE = integer("scaling.targetQueueDepth", 50_000, 0, 100_000_000,
    "Embedded default policy: model rows queued per replica (0: signal off).");
  public static final Setting<Integer> SCALING_TARGET_CPU_PERCENT = integer("scaling.targetCpuPercent", 0, 0, 100,
    "Embedded default policy: process CPU of the busiest inference node to keep (0: off; in one JVM more "
      + "instances do not lower it).");
  public static final Setting<Boolean> SCALING_PREDICTIVE = bool("scaling.predictive.enabled", true,
    "Embedded default policy: scale ahead of the Holt-Winters forecast of load and threat (needs two seasons of history).");
  public static final Setting<Integer> SCALING_SEASON_SECONDS = integer("scaling.predictive.seasonalPeriodSeconds",
    86_400, 24, 604_800, "Embedded default policy: the season of the forecast (a day: 86400).");
  public static final Setting<Integer> SCALING_HORIZON_SECONDS = integer("scaling.predictive.horizonSeconds", 300, 1,
    86_400, "Embedded default policy: how far ahead the forecast looks.");
  public static final Setting<String> SCALING_POLICY_FILE = text("scaling.policyFile", "", "^[^\\u0000]{0,4096}$",
    "a file path or empty", "YAML file of ThreatScalePolicy resources to reconcile instead of the embedded default.");
  public static final Setting<String> SCALING_ACTUATOR = choice("scaling.actuator", "local",
    Set.of("local", "none", "kubernetes"), "local: deploy/undeploy inference verticle instances in the active scaler's "
      + "JVM; kubernetes: ThreatScalePolicy resources, Deployment scale subresource; none: decide and record only.");
  public static final Setting<String> SCALING_KUBERNETES_NAMESPACES = text("scaling.kubernetes.namespaces", "",
    "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(,[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*)?$",
    "comma-separated namespace names, or empty", "scaling.actuator=kubernetes: namespaces whose ThreatScalePolicy "
      + "and ThreatResponse resources are watched; empty: the pod's own namespace (all namespaces outside a pod).");
  public static final Setting<Integer> SCALING_LEASE_MS = integer("scaling.leaseMs", 5000, 500, 600_000,
    "The active scaler's lease in the grid; if its node dies another node's scaler takes over within about this long.");
  public static final Setting<Integer> SCALING_DECISIONS_KEPT = integer("scaling.decisionsKept", 1000, 10, 1_000_000,
    "Recent scaling decisions kept in the grid's ring buffer (GET /api/v1/scaling/decisions).");

  public static final Setting<String> POSTGRES_URI = postgresUri("postgres.uri",
    "PostgreSQL that KRAKEN stores into (" + PostgresUri.FORM + "); empty means no database. "
      + "The password is never logged.");
  public static final Setting<Integer> POSTGRES_POOL_SIZE = integer("postgres.poolSize", 4, 1, 64,
    "Connections each PostgreSQL pool keeps open at most.");
  public static final Setting<Integer> POSTGRES_CONNECT_TIMEOUT_MS = integer("postgres.connectTimeoutMs", 2000, 100, 60_000,
    "How long to wait for a PostgreSQL connection (new or from the pool) before calling the database unavailable.");
  public static final Setting<Integer> POSTGRES_WRITE_TIMEOUT_MS = integer("postgres.writeTimeoutMs", 5000, 100, 600_000,
    "How long a write may take before the store gives up and calls the database unavailable (nothing is acknowledged).");

  public static final Setting<Boolean> READINGS_PERSIST = bool("readings.persist", false,
    "Write every raw reading (payload included) to PostgreSQL before it is acknowledged; needs postgres.uri.");
  public static final Setting<Integer> READINGS_PERSIST_MAX_IN_FLIGHT = integer("readings.persistMaxInFlight", 32, 1, 10_000,
    "Reading batches one store may be writing at once; beyond that a write is refused at once as overloaded.");

  public static final Setting<String> PERSISTENCE_ENABLED = autoOrBoolean("persistence.enabled", "Record the picture (every assessment tactical folds) in PostgreSQL. auto: on when "
      + "postgres.uri is set, off otherwise; true needs postgres.uri.");
  public static final Setting<Integer> PERSISTENCE_FLUSH_ROWS = integer("persistence.flushRows", 500, 1, 50_000,
    "The picture recorder writes its buffer when it holds this many rows (one INSERT per flush).");
  public static final Setting<Integer> PERSISTENCE_FLUSH_MS = integer("persistence.flushMs", 200, 10, 60_000,
    "The picture recorder writes what it holds at least this often.");
  public static final Setting<Integer> PERSISTENCE_MAX_BUFFERED_ROWS = integer("persistence.maxBufferedRows", 100_000, 1,
    10_000_000, "Rows the picture recorder holds while PostgreSQL is away; past it the oldest are dropped and counted.");

  public static final Setting<Integer> PERSISTENCE_SNAPSHOT_INTERVAL_MS = integer("persistence.snapshotIntervalMs", 60_000,
    1_000, 86_400_000, "How often each tactical node writes a snapshot of the contacts it owns to contact_snapshots.");

  public static final Setting<Integer> OPERATOR_MAX_PENDING_RECORDS = integer("operator.maxPendingRecords", 10_000, 1,
    10_000_000, "Operator classifications and combat actions the grid holds for PostgreSQL (persistence on); beyond "
      + "it new ones are refused with 503 until PostgreSQL takes them. With persistence off, the most kept in the grid: "
      + "the oldest are deleted as new ones come.");

  public static final Setting<String> INFERENCE_SCORER = choice("inference.scorer", "models", Set.of("models", "rules"),
    "models: the model scorer, with the rules answering (degraded) when a model is missing, failing, saturated or too "
      + "slow (the rules alone while no model scorer is built in); rules: the rules only, not degraded.");
  public static final Setting<Integer> INFERENCE_WORKERS = integer("inference.workers", 0, 0, 256,
    "Inference worker threads that run the models, each with its own predictor per model (0: one per available processor).");
  public static final Setting<Integer> INFERENCE_RULES_WORKERS = integer("inference.rules.workers", 2, 1, 64,
    "Worker threads of the rule scorer, apart from the model workers so that the rules answer when those are saturated.");
  public static final Setting<Integer> INFERENCE_BATCH_MAX_ROWS = integer("inference.batch.maxRows", 512, 1, 65_536,
    "A model batch closes when it holds this many rows (one caller's rows are never split across batches).");
  public static final Setting<Integer> INFERENCE_BATCH_MAX_WAIT_MICROS = integer("inference.batch.maxWaitMicros", 1000, 0,
    1_000_000, "A model batch closes this long after its first row arrived, full or not (0: at once).");
  public static final Setting<Integer> INFERENCE_QUEUE_MAX_ROWS = integer("inference.queue.maxRows", 65_536, 1, 10_000_000,
    "Rows waiting for or in a model run, all roles together; beyond it a submission is refused at once (saturated).");
  public static final Setting<Integer> INFERENCE_EVIDENCE_MAX_CONTACTS = integer("inference.evidence.maxContacts",
    100_000, 1, 10_000_000, "contacts whose recent evidence this node keeps for fusion; the least recently heard is forgotten");
  public static final Setting<Integer> INFERENCE_BREAKER_MAX_FAILURES = integer("inference.breaker.maxFailures", 5, 1, 1000,
    "Model failures or timeouts (within 10 s) that open the circuit breaker; then the rules answer (circuit_open).");
  public static final Setting<Integer> INFERENCE_BREAKER_TIMEOUT_MS = integer("inference.breaker.timeoutMs", 500, 1, 60_000,
    "How long the model scorer may take for one reading batch before the rules answer it instead (timeout).");
  public static final Setting<Integer> INFERENCE_BREAKER_RESET_MS = integer("inference.breaker.resetMs", 5000, 100, 600_000,
    "How long the open circuit breaker waits before letting one batch try the models again (half-open).");

  private Settings() {
  }

  /** Whether the picture is recorded in PostgreSQL: persistence.enabled, with auto meaning "when postgres.uri is set". */
  public static boolean persistenceEnabled(JsonObject flatConfig) {
    String enabled = PERSISTENCE_ENABLED.from(flatConfig);
    return enabled.equals("auto") ? !POSTGRES_URI.from(flatConfig).isEmpty() : Boolean.parseBoolean(enabled);
  }

  public static Map<String, Setting<?>> all() {
    return Collections.unmodifiableMap(ALL);
  }

  private static <T> Setting<T> register(Setting<T> setting) {
    ALL.put(setting.key(), setting);
    return setting;
  }

  private static Setting<Integer> integer(String key, int def, int min, int max, String description) {
    return register(new Setting<>(key, def, "an integer from " + min + " to " + max, description, raw -> {
      Long value = raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Long.valueOf(n.longValue())
        : raw instanceof String s && s.trim().matches("-?\\d{1,10}") ? Long.valueOf(s.trim()) : null;
      return value != null && value >= min && value <= max ? value.intValue() : null;
    }));
  }

  private static Setting<Double> decimal(String key, double def, double min, double max, String description) {
    return register(new Setting<>(key, def, "a number from " + min + " to " + max, description, raw -> {
      Double value = raw instanceof Number n ? Double.valueOf(n.doubleValue())
        : raw instanceof String s && s.trim().matches("-?\\d{1,3}(\\.\\d{1,12})?") ? Double.valueOf(s.trim()) : null;
      return value != null && value >= min && value <= max ? value : null;
    }));
  }

  private static Setting<Boolean> bool(String key, boolean def, String description) {
    return register(new Setting<>(key, def, "true or false", description, raw -> {
      if (raw instanceof Boolean b) {
        return b;
      }
      String s = String.valueOf(raw).trim();
      return s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }));
  }

  private static Setting<String> text(String key, String def, String regex, String allowed, String description) {
    Pattern pattern = Pattern.compile(regex);
    return register(new Setting<>(key, def, allowed, description,
      raw -> raw instanceof String s && pattern.matcher(s).matches() ? s : null));
  }

  private static Setting<String> postgresUri(String key, String description) {
    return register(new Setting<>(key, "", "empty, or " + PostgresUri.FORM, description, raw -> {
      if (!(raw instanceof String s)) {
        return null;
      }
      if (s.isBlank()) {
        return "";
      }
      try {
        PostgresUri.parse(s);
        return s.trim();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }, raw -> PostgresUri.redact(String.valueOf(raw))));
  }

  private static Setting<String> choice(String key, String def, Set<String> choices, String description) {
    List<String> sorted = new ArrayList<>(choices);
    Collections.sort(sorted);
    return register(new Setting<>(key, def, "one of " + String.join(", ", sorted), description, raw -> {
      if (!(raw instanceof String s)) {
        return null;
      }
      return choices.stream().filter(c -> c.equalsIgnoreCase(s.trim())).findFirst().orElse(null);
    }));
  }

  /** auto, true or false; a YAML or JSON boolean counts as true or false. */
  private static Setting<String> autoOrBoolean(String key, String description) {
    return register(new Setting<>(key, "auto", "one of auto, false, true", description, raw -> {
      if (raw instanceof Boolean b) {
        return b.toString();
      }
      return raw instanceof String s ? Set.of("auto", "true", "false").stream()
        .filter(c -> c.equalsIgnoreCase(s.trim())).findFirst().orElse(null) : null;
    }));
  }

  private static Setting<List<String>> names(String key, List<String> def, Set<String> choices, String description) {
    List<String> sorted = new ArrayList<>(choices);
    Collections.sort(sorted);
    return register(new Setting<>(key, def, "a non-empty comma-separated subset of " + String.join(",", sorted),
      description, raw -> {
        List<String> items = items(raw);
        return items != null && !items.isEmpty() && choices.containsAll(items) ? items : null;
      }));
  }

  private static Setting<List<String>> endpoints(String key, List<String> def, String description) {
    Pattern endpoint = Pattern.compile("^[A-Za-z0-9.\\-]{1,253}:\\d{1,5}$");
    return register(new Setting<>(key, def, "a non-empty comma-separated list of host:port", description, raw -> {
      List<String> items = items(raw);
      return items != null && !items.isEmpty() && items.stream().allMatch(i -> endpoint.matcher(i).matches()) ? items : null;
    }));
  }

  /** A list from a YAML/JSON array or a comma-separated string; null if it is neither. */
  private static List<String> items(Object raw) {
    List<?> source;
    if (raw instanceof List<?> list) {
      source = list;
    } else if (raw instanceof io.vertx.core.json.JsonArray array) {
      source = array.getList();
    } else if (raw instanceof String s) {
      source = Arrays.asList(s.split(","));
    } else {
      return null;
    }
    List<String> items = new ArrayList<>();
    for (Object item : source) {
      if (!(item instanceof String s) || s.isBlank()) {
        return null;
      }
      items.add(s.trim());
    }
    return List.copyOf(new java.util.LinkedHashSet<>(items));
  }
}
