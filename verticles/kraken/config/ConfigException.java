package kraken.config;

/** A configuration problem that must stop start-up; the message names the key, the value and what is expected. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
