package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("/ws/tactical sends a snapshot, then coalesced deltas, and drops a client that does not read")
class LiveUpdatesTest {

  private static final String PATH = TacticalVerticle.LIVE_PATH;
  private static final Pattern DROPPED = Pattern.compile("(?m)^kraken_ws_clients_dropped_total\\{[^}]*} ([0-9.]+)$");
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.TACTICAL_WS_SLOW_CLIENT_MS, 300));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static Future<Void> post(Vertx vertx, Object readings) {
    WebClient client = WebClient.create(vertx);
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .putHeader("Content-Type", "application/json")
      .sendBuffer(readings instanceof JsonArray a ? a.toBuffer() : ((JsonObject) readings).toBuffer())
      .<Void>compose(ack -> ack.statusCode() == 202 ? Future.succeededFuture()
        : Future.failedFuture("ingest answered " + ack.statusCode() + ": " + ack.bodyAsString()))
      .onComplete(done -> client.close());
  }

  private static List<JsonObject> contacts(JsonObject message, String contactId) {
    return message.getJsonArray("contacts").stream().map(JsonObject.class::cast)
      .filter(c -> c.getString("contactId").equals(contactId)).toList();
  }

  private static boolean isSnapshot(JsonObject message) {
    return "snapshot".equals(message.getString("type"));
  }

  private static boolean deltaWith(JsonObject message, String contactId) {
    return "delta".equals(message.getString("type")) && !contacts(message, contactId).isEmpty();
  }

  @Test
  @DisplayName("a client that connects gets a snapshot holding the contacts already in the picture")
  void snapshotOnConnect(Vertx vertx, VertxTestContext testContext) {
    post(vertx, Readings.activeSonar("ws-snap-1", "ws-snap", 0.8, 1200))
      .compose(v -> JsonSocket.connect(vertx, node.tacticalPort(), PATH))
      .compose(socket -> socket.first(m -> true).onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(first -> testContext.verify(() -> {
        assertThat(first.getString("type")).isEqualTo("snapshot");
        List<JsonObject> ours = contacts(first, "C-ws-snap");
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0).getString("threatLevel")).isEqualTo("ImmediateThreat");
        assertThat(ours.get(0).getString("lastReadingId")).isEqualTo("ws-snap-1");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a reading posted after the snapshot arrives as a delta with the contact's new state")
  void readingArrivesAsDelta(Vertx vertx, VertxTestContext testContext) {
    JsonSocket.connect(vertx, node.tacticalPort(), PATH)
      .compose(socket -> socket.first(LiveUpdatesTest::isSnapshot)
        .compose(snapshot -> {
          testContext.verify(() -> assertThat(contacts(snapshot, "C-ws-delta")).isEmpty());
          return post(vertx, Readings.comms("ws-delta-1", "ws-delta", "Military"));
        })
        .compose(v -> socket.first(m -> deltaWith(m, "C-ws-delta")))
        .onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(delta -> testContext.verify(() -> {
        JsonObject contact = contacts(delta, "C-ws-delta").get(0);
        assertThat(contact.getLong("readingCount")).isEqualTo(1L);
        assertThat(contact.getString("lastReadingId")).isEqualTo("ws-delta-1");
        assertThat(contact.getJsonArray("sensorKinds")).containsExactly("CommsIntercept");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("many quick updates of one contact reach a client merged into fewer messages, the last state winning")
  void quickUpdatesAreCoalesced(Vertx vertx, VertxTestContext testContext) {
    int updates = 40;
    JsonSocket.connect(vertx, node.tacticalPort(), PATH)
      .compose(socket -> socket.first(LiveUpdatesTest::isSnapshot)
        .compose(snapshot -> Future.all(IntStream.range(0, updates).mapToObj(i ->
          post(vertx, Readings.passiveSonar("ws-burst-" + i, "ws-burst", 0.00006, 200 + i))).toList()))
        .compose(v -> socket.first(m -> deltaWith(m, "C-ws-burst")
          && contacts(m, "C-ws-burst").get(0).getLong("readingCount") == updates))
        .map(last -> socket.received())
        .onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(received -> testContext.verify(() -> {
        List<JsonObject> ours = received.stream().filter(m -> deltaWith(m, "C-ws-burst")).toList();
        assertThat(ours).as("%d updates of one contact, merged", updates).hasSizeLessThan(updates);
        ours.forEach(m -> assertThat(contacts(m, "C-ws-burst")).as("a contact at most once per message").hasSize(1));
        List<Long> counts = ours.stream().map(m -> contacts(m, "C-ws-burst").get(0).getLong("readingCount")).toList();
        assertThat(counts.get(counts.size() - 1)).isEqualTo((long) updates);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a client that never reads is closed as slow, with the reason, while a reading client keeps receiving")
  void slowClientIsDropped(Vertx vertx, VertxTestContext testContext) {
    Checkpoint healthyStillReceives = testContext.checkpoint();
    Checkpoint slowClosedWithReason = testContext.checkpoint();
    // a small receive buffer so that the server's queue fills soon; many contacts per delta for the same reason
    Future<JsonSocket> slow = JsonSocket.connect(vertx, node.tacticalPort(), PATH, 4096)
      .compose(socket -> socket.first(LiveUpdatesTest::isSnapshot).map(s -> {
        socket.socket().pause();
        return socket;
      }));
    Future<JsonSocket> healthy = slow.compose(s -> JsonSocket.connect(vertx, node.tacticalPort(), PATH))
      .compose(socket -> socket.first(LiveUpdatesTest::isSnapshot).map(s -> socket));
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(60);
    int[] round = {0};
    healthy
      .compose(h -> Attempts.until(vertx, () -> post(vertx, heavyBatch(round[0]++)).compose(v -> droppedAsSlow(vertx)),
        dropped -> dropped >= 1, deadline))
      .compose(dropped -> {
        testContext.verify(() -> assertThat(dropped).as("clients dropped as slow").isGreaterThanOrEqualTo(1.0));
        return post(vertx, Readings.comms("ws-after-drop-1", "ws-after-drop", "None"));
      })
      .compose(v -> healthy.result().first(m -> deltaWith(m, "C-ws-after-drop")))
      .onComplete(testContext.succeeding(delta -> {
        healthyStillReceives.flag();
        healthy.result().close();
        JsonSocket closed = slow.result();
        closed.socket().resume();
        closed.closed().onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertThat(closed.socket().closeStatusCode()).isEqualTo(LiveFeed.SLOW_CLIENT_CODE);
          assertThat(closed.socket().closeReason()).startsWith("slow client: write queue full for");
          slowClosedWithReason.flag();
        })));
      }));
  }

  /** 500 contacts, each updated once: a delta of a few hundred kB. */
  private static JsonArray heavyBatch(int round) {
    JsonArray batch = new JsonArray();
    IntStream.range(0, 500).forEach(k ->
      batch.add(Readings.passiveSonar("ws-heavy-" + round + "-" + k, "ws-heavy-" + k, 0.00006, 100 + round % 200)));
    return batch;
  }

  private static Future<Double> droppedAsSlow(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    return client.get(node.opsPort(), "127.0.0.1", "/metrics").send().map(metrics -> {
      Matcher dropped = DROPPED.matcher(metrics.bodyAsString());
      return dropped.find() ? Double.parseDouble(dropped.group(1)) : 0.0;
    }).onComplete(done -> client.close());
  }
}
