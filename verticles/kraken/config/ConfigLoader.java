package kraken.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the node's configuration with vertx-config, later sources winning:
 * defaults in code &lt; YAML file &lt; {@code KRAKEN_*} environment &lt; command line.
 */
public final class ConfigLoader {

  /** Where the YAML file is looked for when the command line names none; absent is fine. */
  public static final Path DEFAULT_FILE = Path.of("conf", "kraken.yaml");

  /**
   * What to load from.
   *
   * @param explicitFile the file named by {@code --config}, which must exist; null when none was named
   * @param environment  the process environment (only {@code KRAKEN_*} variables are read)
   * @param commandLine  flat key=value overrides from the command line
   */
  public record Sources(Path explicitFile, Map<String, String> environment, Map<String, String> commandLine) {
  }

  private ConfigLoader() {
  }

  public static Future<KrakenConfig> load(Vertx vertx, Sources sources) {
    try {
      List<String> warnings = new ArrayList<>();
      JsonObject env = fromEnvironment(sources.environment(), warnings);
      JsonObject cli = fromCommandLine(sources.commandLine());
      Path file = configFile(sources.explicitFile());
      ConfigRetrieverOptions options = new ConfigRetrieverOptions().setIncludeDefaultStores(false)
        .addStore(jsonStore(nest(defaultsFlat())));
      if (file != null) {
        options.addStore(new ConfigStoreOptions().setType("file").setFormat("yaml")
          .setConfig(new JsonObject().put("path", file.toString())));
      }
      options.addStore(jsonStore(nest(env))).addStore(jsonStore(nest(cli)));
      ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
      String fileName = file == null ? "defaults" : file.toString();
      return retriever.getConfig()
        .eventually(retriever::close)
        .recover(failure -> Future.failedFuture(new ConfigException(
          "cannot read configuration file " + fileName + ": " + failure.getMessage())))
        .map(merged -> validate(merged, env, cli, fileName, warnings));
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
  }

  private static Path configFile(Path explicit) {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new ConfigException("config file " + explicit + " (from --config) does not exist or is not a file");
      }
      return explicit;
    }
    return Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null;
  }

  private static JsonObject defaultsFlat() {
    return KrakenConfig.defaults().asJson();
  }

  private static JsonObject fromEnvironment(Map<String, String> environment, List<String> warnings) {
    JsonObject flat = new JsonObject();
    TreeSet<String> known = new TreeSet<>();
    for (Setting<?> setting : Settings.all().values()) {
      known.add(setting.environmentName());
      String raw = environment.get(setting.environmentName());
      if (raw != null) {
        flat.put(setting.key(), KrakenConfig.toJsonValue(setting.parse(raw, setting.environmentName())));
      }
    }
    environment.keySet().stream().filter(name -> name.startsWith("KRAKEN_") && !known.contains(name)).sorted()
      .forEach(name -> warnings.add("environment variable " + name + " is not a KRAKEN setting and was ignored"));
    return flat;
  }

  private static JsonObject fromCommandLine(Map<String, String> commandLine) {
    JsonObject flat = new JsonObject();
    commandLine.forEach((key, raw) -> {
      Setting<?> setting = known(key, "the command line");
      flat.put(key, KrakenConfig.toJsonValue(setting.parse(raw, "the command line")));
    });
    return flat;
  }

  private static KrakenConfig validate(JsonObject merged, JsonObject env, JsonObject cli, String fileName,
                                       List<String> warnings) {
    JsonObject flat = new JsonObject();
    flatten("", merged, flat);
    JsonObject typed = new JsonObject();
    for (String key : flat.fieldNames()) {
      Setting<?> setting = known(key, fileName);
      typed.put(key, KrakenConfig.toJsonValue(setting.parse(flat.getValue(key), source(setting, env, cli, fileName))));
    }
    KrakenConfig config = new KrakenConfig(typed, warnings);
    checkCombinations(config, env, cli, fileName);
    return config;
  }

  private static String source(Setting<?> setting, JsonObject env, JsonObject cli, String fileName) {
    return cli.containsKey(setting.key()) ? "the command line"
      : env.containsKey(setting.key()) ? setting.environmentName() : fileName;
  }

  /** Keys that are each valid alone but not together. */
  private static void checkCombinations(KrakenConfig config, JsonObject env, JsonObject cli, String fileName) {
    if (config.get(Settings.READINGS_PERSIST) && config.get(Settings.POSTGRES_URI).isEmpty()) {
      throw new ConfigException(Settings.READINGS_PERSIST.key() + "=true (from "
        + source(Settings.READINGS_PERSIST, env, cli, fileName) + ") needs " + Settings.POSTGRES_URI.key()
        + ", which is empty: set " + Settings.POSTGRES_URI.key() + " to " + PostgresUri.FORM + ", or set "
        + Settings.READINGS_PERSIST.key() + "=false to keep raw readings in memory only");
    }
    if (config.get(Settings.PERSISTENCE_ENABLED).equals("true") && config.get(Settings.POSTGRES_URI).isEmpty()) {
      throw new ConfigException(Settings.PERSISTENCE_ENABLED.key() + "=true (from "
        + source(Settings.PERSISTENCE_ENABLED, env, cli, fileName) + ") needs " + Settings.POSTGRES_URI.key()
        + ", which is empty: set " + Settings.POSTGRES_URI.key() + " to " + PostgresUri.FORM + ", or set "
        + Settings.PERSISTENCE_ENABLED.key() + "=auto or false to keep the picture in the Hazelcast grid only");
    }
    if (config.get(Settings.VERTICLES).contains("scaling")) {
      checkScalerLease(config.get(Settings.SCALING_INTERVAL_MS), config.get(Settings.SCALING_LEASE_MS), " ("
        + Settings.SCALING_INTERVAL_MS.key() + " from " + source(Settings.SCALING_INTERVAL_MS, env, cli, fileName)
        + ", " + Settings.SCALING_LEASE_MS.key() + " from " + source(Settings.SCALING_LEASE_MS, env, cli, fileName)
        + ")");
    }
  }

  /**
   * The active scaler renews its lease once per {@code scaling.intervalMs}; a lease no longer than that interval
   * expires between renewals and the scalers take turns. Checked here for every start-up source, and again by the
   * scaling verticle for configurations built in code.
   *
   * @param from where the two values came from, e.g. " (scaling.intervalMs from the command line, scaling.leaseMs
   *             from defaults)", or empty
   */
  public static void checkScalerLease(int intervalMs, int leaseMs, String from) {
    if (intervalMs >= leaseMs) {
      throw new ConfigException(Settings.SCALING_INTERVAL_MS.key() + "=" + intervalMs + " must be less than "
        + Settings.SCALING_LEASE_MS.key() + "=" + leaseMs + from + ": the active scaler renews its lease every "
        + Settings.SCALING_INTERVAL_MS.key() + ", so a lease that is not longer expires between renewals and "
        + "scalers alternate; lower " + Settings.SCALING_INTERVAL_MS.key() + " or raise "
        + Settings.SCALING_LEASE_MS.key() + " (a few intervals, e.g. the defaults 1000 and 5000)");
    }
  }

  private static Setting<?> known(String key, String source) {
    Setting<?> setting = Settings.all().get(key);
    if (setting == null) {
      throw new ConfigException("unknown configuration key '" + key + "' in " + source + "; known keys: "
        + String.join(", ", Settings.all().keySet()));
    }
    return setting;
  }

  private static ConfigStoreOptions jsonStore(JsonObject config) {
    return new ConfigStoreOptions().setType("json").setConfig(config);
  }

  /** {@code {"a.b": 1}} to {@code {"a": {"b": 1}}}, so that every store merges key by key. */
  static JsonObject nest(JsonObject flat) {
    JsonObject nested = new JsonObject();
    for (String key : flat.fieldNames()) {
      String[] parts = key.split("\\.");
      JsonObject node = nested;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonObject child = node.getJsonObject(parts[i]);
        if (child == null) {
          child = new JsonObject();
          node.put(parts[i], child);
        }
        node = child;
      }
      node.put(parts[parts.length - 1], flat.getValue(key));
    }
    return nested;
  }

  private static void flatten(String prefix, JsonObject nested, JsonObject into) {
    for (String key : nested.fieldNames()) {
      Object value = nested.getValue(key);
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      if (value instanceof JsonObject child) {
        flatten(path, child, into);
      } else {
        into.put(path, value);
      }
    }
  }
}
