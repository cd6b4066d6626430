package kraken.tactical;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The browser console's files, from the classpath ({@code verticles/kraken/tactical/console/}, with the npm event-bus
 * client the build copies into {@code vendor/}): the page at {@code /}, its scripts and styles under
 * {@link #ASSETS_PATH}. Kept off {@code /*} so that an unknown path or a wrong method is still the API's 404 or 405.
 */
public final class ConsolePage {

  /** The page itself. */
  public static final String PATH = "/";
  /** Scripts, styles and the vendor scripts, mounted as {@code /console/*}. */
  public static final String ASSETS_PATH = "/console";
  static final String WEB_ROOT = "kraken/tactical/console";

  private ConsolePage() {
  }

  /** Serves {@code index.html} for {@link #PATH}. */
  public static Handler<RoutingContext> page() {
    return ctx -> ctx.reroute(ASSETS_PATH + "/index.html");
  }

  /** Serves the files under {@link #ASSETS_PATH}; a name that is not there falls through to the API's 404. */
  public static Handler<RoutingContext> assets() {
    return files();
  }

  /** No browser caching: the page and its scripts change with each build, and they are a few tens of kB. */
  private static StaticHandler files() {
    return StaticHandler.create(WEB_ROOT).setCachingEnabled(false).setDirectoryListing(false)
      .setDefaultContentEncoding("UTF-8");
  }
}
