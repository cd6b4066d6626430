package kraken.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The validated configuration of one node: every key of {@link Settings}, typed, in a flat JSON object
 * ({@code "ingest.http.port": 8080}) that is also what each verticle receives as its deployment config.
 */
public final class KrakenConfig {

  private final JsonObject flat;
  private final List<String> warnings;

  KrakenConfig(JsonObject flat, List<String> warnings) {
    this.flat = flat;
    this.warnings = List.copyOf(warnings);
  }

  /** All defaults, nothing overridden: for tests and tools. */
  public static KrakenConfig defaults() {
    JsonObject flat = new JsonObject();
    Settings.all().values().forEach(s -> flat.put(s.key(), toJsonValue(s.defaultValue())));
    return new KrakenConfig(flat, List.of());
  }

  public <T> T get(Setting<T> setting) {
    return setting.from(flat);
  }

  /** A copy with some keys changed (validated like any other source). */
  public KrakenConfig with(Map<Setting<?>, Object> overrides) {
    JsonObject copy = flat.copy();
    overrides.forEach((setting, value) -> copy.put(setting.key(), toJsonValue(setting.parse(value, "override"))));
    return new KrakenConfig(copy, warnings);
  }

  /** The flat JSON form verticles receive in {@code config()}. */
  public JsonObject asJson() {
    return flat.copy();
  }

  /** Things worth a log line once logging is set up, such as unknown KRAKEN_* environment variables. */
  public List<String> warnings() {
    return warnings;
  }

  static Object toJsonValue(Object value) {
    return value instanceof List<?> list ? new JsonArray(List.copyOf(list)) : value;
  }
}
