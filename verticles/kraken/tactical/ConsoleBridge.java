package kraken.tactical;

import io.vertx.core.Vertx;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import kraken.bus.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * The SockJS event-bus bridge for browser consoles: outbound exactly the {@link Addresses#CONSOLE_PREFIX} addresses,
 * inbound nothing (commands go through REST until authentication lands). vertx-web refuses the rest with
 * {@code access_denied}; the refusals are logged here at debug.
 */
public final class ConsoleBridge {

  /** Mounted at this path; its raw WebSocket transport is {@code /eventbus/websocket}. */
  public static final String PATH = "/eventbus";
  /** The one outbound permit, {@code console\..+}: the prefix (letters and dots, the dots escaped), then more. */
  static final String OUTBOUND_REGEX = Addresses.CONSOLE_PREFIX.replace(".", "\\.") + ".+";
  private static final Pattern OUTBOUND = Pattern.compile(OUTBOUND_REGEX);
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleBridge.class);

  private ConsoleBridge() {
  }

  public static Router router(Vertx vertx) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
      .addOutboundPermitted(new PermittedOptions().setAddressRegex(OUTBOUND_REGEX));
    return SockJSHandler.create(vertx).bridge(options, ConsoleBridge::logRefusal);
  }

  /** Every event goes on; the permits decide. This only says at debug what they are about to refuse. */
  private static void logRefusal(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (LOG.isDebugEnabled() && event.getRawMessage() != null) {
      String address = event.getRawMessage().getString("address");
      boolean inbound = type == BridgeEventType.SEND || type == BridgeEventType.PUBLISH;
      boolean refusedRegister = type == BridgeEventType.REGISTER && (address == null || !OUTBOUND.matcher(address).matches());
      if (inbound || refusedRegister) {
        LOG.debug("bridge refuses {} on '{}' from {}: {}", type, address, event.socket().remoteAddress(),
          inbound ? "no inbound address is permitted" : "only " + Addresses.CONSOLE_PREFIX + "* may be received");
      }
    }
    event.complete(true);
  }
}
