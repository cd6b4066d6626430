package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.support.Attempts;
import kraken.support.JsonSocket;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SockJS event-bus bridge over its raw WebSocket transport: each permit beside its refusal, as vertx-web's
 * EventbusBridgeTest does.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The event-bus bridge lets consoles receive console.* addresses and nothing else, and takes nothing in")
class ConsoleBridgeTest {

  private static final String TRANSPORT = ConsoleBridge.PATH + "/websocket";
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static Future<JsonSocket> bridge(Vertx vertx) {
    return JsonSocket.connect(vertx, node.tacticalPort(), TRANSPORT);
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }

  private static boolean isError(JsonObject frame) {
    return "err".equals(frame.getString("type"));
  }

  private static Future<Void> post(Vertx vertx, JsonObject reading) {
    WebClient client = WebClient.create(vertx);
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJsonObject(reading)
      .<Void>compose(ack -> ack.statusCode() == 202 ? Future.succeededFuture()
        : Future.failedFuture("ingest answered " + ack.statusCode() + ": " + ack.bodyAsString()))
      .onComplete(done -> client.close());
  }

  @Test
  @DisplayName("a console registered on console.picture.delta receives the picture's changes")
  void consoleAddressIsDelivered(Vertx vertx, VertxTestContext testContext) {
    int[] sent = {0};
    long deadline = System.currentTimeMillis() + 10_000;
    bridge(vertx).compose(socket -> socket.send(register(Addresses.PICTURE_DELTA))
        // the registration is confirmed by nothing but what arrives: post until a change of our contact does
        .compose(v -> Attempts.until(vertx,
          () -> post(vertx, Readings.comms("bridge-ok-" + sent[0]++, "bridge-ok", "Military"))
            .map(posted -> socket.received().stream().anyMatch(ConsoleBridgeTest::carriesOurContact)),
          arrived -> arrived, deadline))
        .compose(v -> socket.first(ConsoleBridgeTest::carriesOurContact))
        .onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(frame -> testContext.verify(() -> {
        assertThat(frame.getString("address")).isEqualTo(Addresses.PICTURE_DELTA);
        JsonObject contact = frame.getJsonObject("body").getJsonArray("contacts").getJsonObject(0);
        assertThat(contact.getString("contactId")).isEqualTo("C-bridge-ok");
        assertThat(contact.getString("lastReadingId")).startsWith("bridge-ok-");
        testContext.completeNow();
      })));
  }

  private static boolean carriesOurContact(JsonObject frame) {
    return "rec".equals(frame.getString("type")) && frame.getJsonObject("body").getJsonArray("contacts").stream()
      .anyMatch(c -> ((JsonObject) c).getString("contactId").equals("C-bridge-ok"));
  }

  @Test
  @DisplayName("the one outbound permit is the console prefix with its dot escaped, then at least one character")
  void outboundPermitIsExact() {
    assertThat(ConsoleBridge.OUTBOUND_REGEX).isEqualTo("console\\..+");
    assertThat(Addresses.PICTURE_DELTA).matches(ConsoleBridge.OUTBOUND_REGEX);
    assertThat(Addresses.SCALING_DECISIONS).matches(ConsoleBridge.OUTBOUND_REGEX);
    assertThat(Addresses.CONSOLE_PREFIX).doesNotMatch(ConsoleBridge.OUTBOUND_REGEX);
    assertThat("consoleXpicture.delta").doesNotMatch(ConsoleBridge.OUTBOUND_REGEX);
    assertThat(Addresses.READINGS).doesNotMatch(ConsoleBridge.OUTBOUND_REGEX);
  }

  @Test
  @DisplayName("registering on an address outside console. (the readings address) is refused with access_denied")
  void nonConsoleAddressIsRefused(Vertx vertx, VertxTestContext testContext) {
    bridge(vertx).compose(socket -> socket.send(register(Addresses.READINGS))
        .compose(v -> socket.first(ConsoleBridgeTest::isError)).onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(error -> testContext.verify(() -> {
        assertThat(error.getString("body")).isEqualTo("access_denied");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("an address that only starts like the prefix (console without the dot) is refused with access_denied")
  void prefixLookalikeIsRefused(Vertx vertx, VertxTestContext testContext) {
    String lookalike = Addresses.CONSOLE_PREFIX.substring(0, Addresses.CONSOLE_PREFIX.length() - 1) + "Xpicture.delta";
    bridge(vertx).compose(socket -> socket.send(register(lookalike))
        .compose(v -> socket.first(ConsoleBridgeTest::isError)).onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(error -> testContext.verify(() -> {
        assertThat(error.getString("body")).isEqualTo("access_denied");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("sending in to a console address is refused with access_denied: nothing is permitted inbound")
  void sendToConsoleAddressIsRefused(Vertx vertx, VertxTestContext testContext) {
    JsonObject send = new JsonObject().put("type", "send").put("address", Addresses.PICTURE_DELTA)
      .put("body", new JsonObject().put("contacts", new io.vertx.core.json.JsonArray()));
    bridge(vertx).compose(socket -> socket.send(send)
        .compose(v -> socket.first(ConsoleBridgeTest::isError)).onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(error -> testContext.verify(() -> {
        assertThat(error.getString("body")).isEqualTo("access_denied");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("publishing in to the readings address is refused with access_denied")
  void publishToReadingsIsRefused(Vertx vertx, VertxTestContext testContext) {
    JsonObject publish = new JsonObject().put("type", "publish").put("address", Addresses.READINGS)
      .put("body", new JsonObject().put("id", "forged"));
    bridge(vertx).compose(socket -> socket.send(publish)
        .compose(v -> socket.first(ConsoleBridgeTest::isError)).onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(error -> testContext.verify(() -> {
        assertThat(error.getString("body")).isEqualTo("access_denied");
        testContext.completeNow();
      })));
  }
}
