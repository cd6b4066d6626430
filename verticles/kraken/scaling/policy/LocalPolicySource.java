package kraken.scaling.policy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import kraken.config.Settings;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policies of a node without Kubernetes: the file named by {@code scaling.policyFile} (one or more
 * ThreatScalePolicy resources, YAML documents separated by {@code ---}, the same shape as the CRD's examples), or,
 * when that is empty, the embedded default built from the {@code scaling.*} settings, which targets the local
 * inference verticle. Read once at start: a bad file stops start-up with the field that is wrong.
 */
public final class LocalPolicySource implements PolicySource {

  /** The embedded default's target: the local actuator scales inference verticle instances in this JVM. */
  public static final String LOCAL_INFERENCE = "kraken-inference";
  public static final String DEFAULT_NAME = "embedded-inference";
  public static final String DEFAULT_NAMESPACE = "local";

  private final List<ThreatScalePolicy> policies;
  private final String description;

  private LocalPolicySource(List<ThreatScalePolicy> policies, String description) {
    this.policies = List.copyOf(policies);
    this.description = description;
  }

  /** @throws IllegalArgumentException naming the setting, file or field that is wrong */
  public static LocalPolicySource from(JsonObject flatConfig) {
    String file = Settings.SCALING_POLICY_FILE.from(flatConfig);
    if (file.isEmpty()) {
      return new LocalPolicySource(List.of(embeddedDefault(flatConfig)), "settings (embedded default, target "
        + LOCAL_INFERENCE + ")");
    }
    String text;
    try {
      text = Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(Settings.SCALING_POLICY_FILE.key() + " " + file + ": cannot read it ("
        + e + "); expected a YAML file of ThreatScalePolicy resources");
    }
    try {
      return new LocalPolicySource(parse(text), "file " + file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Settings.SCALING_POLICY_FILE.key() + " " + file + ": " + e.getMessage(), e);
    }
  }

  /** Policies from YAML text: one resource per document, or a list of them in one document. */
  public static List<ThreatScalePolicy> parse(String yaml) {
    List<ThreatScalePolicy> parsed = new ArrayList<>();
    for (Object document : new Yaml().loadAll(yaml)) {
      if (document == null) {
        continue;
      }
      if (document instanceof List<?> list) {
        list.forEach(item -> parsed.add(one(item)));
      } else {
        parsed.add(one(document));
      }
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("no ThreatScalePolicy in it; expected at least one");
    }
    Set<String> keys = new HashSet<>();
    parsed.forEach(policy -> {
      if (!keys.add(policy.key())) {
        throw new IllegalArgumentException("ThreatScalePolicy " + policy.key() + " appears twice; expected each "
          + "namespace/name once");
      }
    });
    return parsed;
  }

  private static ThreatScalePolicy one(Object item) {
    if (item instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked") Map<String, Object> fields = (Map<String, Object>) map;
      item = new JsonObject(fields);
    }
    if (!(item instanceof JsonObject json)) {
      throw new IllegalArgumentException("a document is " + item + "; expected a ThreatScalePolicy resource");
    }
    Object kind = json.getValue("kind", "ThreatScalePolicy");
    if (!"ThreatScalePolicy".equals(kind)) {
      throw new IllegalArgumentException("kind '" + kind + "': expected ThreatScalePolicy");
    }
    return ThreatScalePolicy.fromJson(json);
  }

  /** The default for one JVM: scaling.* settings, the target being this JVM's inference verticle instances. */
  public static ThreatScalePolicy embeddedDefault(JsonObject flatConfig) {
    int[] floors = java.util.Arrays.stream(Settings.SCALING_THREAT_REPLICAS.from(flatConfig).split(","))
      .mapToInt(count -> Integer.parseInt(count.trim())).toArray();
    return new ThreatScalePolicy(DEFAULT_NAME, DEFAULT_NAMESPACE, LOCAL_INFERENCE,
      Settings.SCALING_MIN_INSTANCES.from(flatConfig), Settings.SCALING_MAX_INSTANCES.from(flatConfig),
      new ThreatScalePolicy.ThreatScaling(floors[0], floors[1], floors[2], floors[3]),
      new ThreatScalePolicy.PerformanceScaling(Settings.SCALING_READINGS_PER_INSTANCE.from(flatConfig),
        Settings.SCALING_TARGET_P95_MS.from(flatConfig), Settings.SCALING_TARGET_QUEUE.from(flatConfig),
        Settings.SCALING_TARGET_CPU_PERCENT.from(flatConfig) / 100.0),
      new ThreatScalePolicy.Predictive(Settings.SCALING_PREDICTIVE.from(flatConfig),
        Settings.SCALING_SEASON_SECONDS.from(flatConfig), Settings.SCALING_HORIZON_SECONDS.from(flatConfig)),
      Settings.SCALING_WINDOW_SECONDS.from(flatConfig));
  }

  @Override
  public Future<List<ThreatScalePolicy>> policies() {
    return Future.succeededFuture(policies);
  }

  @Override
  public String describe() {
    return description;
  }
}
