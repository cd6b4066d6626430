package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.config.Settings;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Contacts not updated for tactical.contactTtlMs age out of the picture, and consoles are told")
class ContactAgeOutTest {

  private static final int TTL_MS = 3000;
  private static final Pattern AGED_OUT = Pattern.compile("(?m)^kraken_contacts_aged_out_total(?:\\{[^}]*})? ([0-9.E+]+)$");
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.CONTACT_TTL_MS, TTL_MS));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static Future<Void> post(Vertx vertx, JsonObject reading) {
    WebClient client = WebClient.create(vertx);
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJsonObject(reading)
      .<Void>compose(ack -> ack.statusCode() == 202 ? Future.succeededFuture()
        : Future.failedFuture("ingest answered " + ack.statusCode() + ": " + ack.bodyAsString()))
      .onComplete(done -> client.close());
  }

  /** The contact's status code and body from {@code GET /api/v1/contacts/{id}}. */
  private static Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> contact(Vertx vertx,
                                                                                                      String id) {
    WebClient client = WebClient.create(vertx);
    return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/" + id).send()
      .onComplete(done -> client.close());
  }

  private static Future<Double> agedOutTotal(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    return client.get(node.opsPort(), "127.0.0.1", "/metrics").send().map(metrics -> {
      Matcher m = AGED_OUT.matcher(metrics.bodyAsString());
      return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }).onComplete(done -> client.close());
  }

  private static boolean removes(JsonObject body, String contactId) {
    JsonArray removed = body == null ? null : body.getJsonArray("removed");
    return removed != null && removed.contains(contactId);
  }

  private static boolean holds(JsonObject body, String contactId) {
    JsonArray contacts = body == null ? null : body.getJsonArray("contacts");
    return contacts != null && contacts.stream().anyMatch(c -> ((JsonObject) c).getString("contactId").equals(contactId));
  }

  @Test
  @DisplayName("the sweep period is a tenth of the time to live, kept within 250 ms and 10 s")
  void sweepPeriod() {
    assertThat(ContactAgeOut.sweepPeriodMs(120_000)).isEqualTo(10_000);
    assertThat(ContactAgeOut.sweepPeriodMs(3_000)).isEqualTo(300);
    assertThat(ContactAgeOut.sweepPeriodMs(1_000)).isEqualTo(250);
    assertThat(ContactAgeOut.sweepPeriodMs(3_600_000)).isEqualTo(10_000);
  }

  @Test
  @DisplayName("a contact nothing updates disappears from the API after the time to live, and the metric counts it")
  void staleContactDisappears(Vertx vertx, VertxTestContext testContext) {
    long deadline = System.currentTimeMillis() + 6 * TTL_MS;
    double[] before = {0};
    agedOutTotal(vertx).compose(total -> {
        before[0] = total;
        return post(vertx, Readings.comms("age-gone-1", "age-gone", "Military"));
      })
      .compose(v -> Attempts.until(vertx, () -> contact(vertx, "C-age-gone"), r -> r.statusCode() == 200, deadline))
      .compose(present -> {
        testContext.verify(() -> assertThat(present.statusCode()).as("the contact, before it ages out").isEqualTo(200));
        return Attempts.until(vertx, () -> contact(vertx, "C-age-gone"), r -> r.statusCode() == 404, deadline);
      })
      .compose(gone -> {
        testContext.verify(() -> {
          assertThat(gone.statusCode()).as("the contact, after the time to live").isEqualTo(404);
          assertThat(gone.bodyAsJsonObject().getString("reason")).isEqualTo("not_found");
        });
        return agedOutTotal(vertx);
      })
      .onComplete(testContext.succeeding(total -> testContext.verify(() -> {
        assertThat(total).as("kraken_contacts_aged_out_total").isGreaterThanOrEqualTo(before[0] + 1);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a /ws/tactical client receives the removal of a contact that aged out, in a delta")
  void removalReachesWebSocket(Vertx vertx, VertxTestContext testContext) {
    JsonSocket.connect(vertx, node.tacticalPort(), TacticalVerticle.LIVE_PATH)
      .compose(socket -> socket.first(m -> "snapshot".equals(m.getString("type")))
        .compose(snapshot -> post(vertx, Readings.comms("age-ws-1", "age-ws", "None")))
        .compose(v -> socket.first(m -> holds(m, "C-age-ws")))
        .compose(created -> socket.first(m -> removes(m, "C-age-ws")))
        .onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(delta -> testContext.verify(() -> {
        assertThat(delta.getString("type")).isEqualTo("delta");
        assertThat(holds(delta, "C-age-ws")).as("a removed contact is not also sent as a state").isFalse();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a console on the SockJS bridge receives {\"removed\": [id]} on console.picture.delta")
  void removalReachesBridge(Vertx vertx, VertxTestContext testContext) {
    int[] sent = {0};
    long deadline = System.currentTimeMillis() + 10_000;
    JsonSocket.connect(vertx, node.tacticalPort(), ConsoleBridge.PATH + "/websocket")
      .compose(socket -> socket.send(new JsonObject().put("type", "register").put("address", Addresses.PICTURE_DELTA))
        // the registration is confirmed by nothing but what arrives: post until our contact's change does
        .compose(v -> Attempts.until(vertx,
          () -> post(vertx, Readings.comms("age-bridge-" + sent[0]++, "age-bridge", "None"))
            .map(posted -> socket.received().stream().anyMatch(f -> holds(f.getJsonObject("body"), "C-age-bridge"))),
          arrived -> arrived, deadline))
        .compose(v -> socket.first(f -> "rec".equals(f.getString("type"))
          && removes(f.getJsonObject("body"), "C-age-bridge")))
        .onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(frame -> testContext.verify(() -> {
        assertThat(frame.getString("address")).isEqualTo(Addresses.PICTURE_DELTA);
        assertThat(frame.getJsonObject("body").getJsonArray("removed")).contains("C-age-bridge");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a contact updated within the time to live stays for longer than it, while one left alone ages out")
  void updatedContactStays(Vertx vertx, VertxTestContext testContext) {
    int updates = 8;
    long everyMs = TTL_MS / 3;
    Future<Void> chain = post(vertx, Readings.comms("age-alone-1", "age-alone", "None"));
    for (int i = 0; i < updates; i++) {
      String id = "age-kept-" + i;
      chain = chain.compose(v -> post(vertx, Readings.comms(id, "age-kept", "None")))
        .compose(v -> vertx.timer(everyMs).mapEmpty());
    }
    long deadline = System.currentTimeMillis() + updates * everyMs + 4 * TTL_MS;
    chain.compose(v -> Future.all(contact(vertx, "C-age-kept"),
        Attempts.until(vertx, () -> contact(vertx, "C-age-alone"), r -> r.statusCode() == 404, deadline)))
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        io.vertx.ext.web.client.HttpResponse<?> kept = both.resultAt(0);
        io.vertx.ext.web.client.HttpResponse<?> alone = both.resultAt(1);
        assertThat(alone.statusCode()).as("the contact left alone for %d ms", updates * everyMs).isEqualTo(404);
        assertThat(kept.statusCode()).as("the contact updated every %d ms", everyMs).isEqualTo(200);
        // had it aged out in between, it would have been founded again and count fewer readings
        assertThat(kept.bodyAsJsonObject().getLong("readingCount")).isEqualTo((long) updates);
        testContext.completeNow();
      })));
  }
}
