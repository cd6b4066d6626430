package kraken.config;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: its name, type, default, what values it allows and what it means.
 * The registry of all keys is {@link Settings}; README's configuration table is written from the same facts.
 */
public final class Setting<T> {

  private final String key;
  private final T defaultValue;
  private final String allowed;
  private final String description;
  private final Function<Object, T> parser;
  private final Function<Object, String> shown;

  Setting(String key, T defaultValue, String allowed, String description, Function<Object, T> parser) {
    this(key, defaultValue, allowed, description, parser, String::valueOf);
  }

  /** {@code shown} turns a raw value into text for error messages, e.g. without the password a URI carries. */
  Setting(String key, T defaultValue, String allowed, String description, Function<Object, T> parser,
          Function<Object, String> shown) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.allowed = allowed;
    this.description = description;
    this.parser = parser;
    this.shown = shown;
  }

  public String key() {
    return key;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String allowed() {
    return allowed;
  }

  public String description() {
    return description;
  }

  /** The environment variable that sets this key: {@code ingest.maxBodyBytes} is {@code KRAKEN_INGEST_MAX_BODY_BYTES}. */
  public String environmentName() {
    String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_');
    return "KRAKEN_" + snake.toUpperCase(Locale.ROOT);
  }

  /**
   * Parses a raw value (JSON number, boolean, string from YAML, env or command line) or explains why it cannot,
   * naming where the value came from.
   */
  public T parse(Object raw, String source) {
    T value = raw == null ? null : parser.apply(raw);
    if (value == null) {
      throw new ConfigException(key + ": value '" + shown.apply(raw) + "' (from " + source + ") is not valid; expected " + allowed);
    }
    return value;
  }

  /** Reads this key from a validated, flat verticle configuration, falling back to the default. */
  public T from(JsonObject flatConfig) {
    Object raw = flatConfig.getValue(key);
    return raw == null ? defaultValue : parse(raw, "verticle configuration");
  }

  @Override
  public String toString() {
    return key;
  }
}
