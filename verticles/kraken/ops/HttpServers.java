package kraken.ops;

import io.vertx.core.http.HttpServerOptions;

/** The options every KRAKEN HTTP server shares. */
public final class HttpServers {

  private HttpServers() {
  }

  /**
   * HTTP/1.1 with keep-alive. The cleartext HTTP/2 upgrade (h2c) is off: the JDK's HttpClient asks for it by
   * default, and one such upgraded request was seen to hang in our tests; nothing here needs HTTP/2.
   */
  public static HttpServerOptions options() {
    return new HttpServerOptions().setHttp2ClearTextEnabled(false);
  }
}
