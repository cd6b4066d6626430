package kraken.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A parsed {@code postgres.uri}: {@code postgresql://user:password@host:port/database}. The password is kept for
 * connecting but never shown: {@link #toString()} and {@link #redact} leave it out, so a log line or a
 * configuration error cannot leak it.
 */
public record PostgresUri(String host, int port, String database, String user, String password) {

  public static final String FORM = "postgresql://user:password@host:port/database";
  private static final int DEFAULT_PORT = 5432;
  private static final Pattern PASSWORD_IN_URI = Pattern.compile("(://[^/@:]*):[^/@]*@");

  /** Parses a URI or throws {@link IllegalArgumentException} with a sentence (without the password) saying why. */
  public static PostgresUri parse(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI of the form " + FORM + ": " + redact(e.getReason()));
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the scheme must be postgresql:// (" + FORM + ")");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("no host or an invalid port (" + FORM + ")");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!path.matches("^/[^/]+$")) {
      throw new IllegalArgumentException("no database name after the port (" + FORM + ")");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("query parameters are not supported (" + FORM + ")");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || userInfo.isEmpty() || userInfo.startsWith(":")) {
      throw new IllegalArgumentException("no user name (" + FORM + ")");
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range (" + FORM + ")");
    }
    return new PostgresUri(uri.getHost(), port, decode(path.substring(1)), user, password);
  }

  /** The text with any password in a URI replaced by {@code ***}: safe for logs and error messages. */
  public static String redact(String text) {
    return text == null ? null : PASSWORD_IN_URI.matcher(text).replaceAll("$1:***@");
  }

  /** {@code host:port/database}: what log lines and error messages name. */
  public String address() {
    return host + ":" + port + "/" + database;
  }

  /** The JDBC URL, without credentials (they go separately, so the URL can appear in messages). */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + ":***@" + address();
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
