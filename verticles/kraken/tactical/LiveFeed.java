package kraken.tactical;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.ops.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import kraken.bus.ContactSummary;

/**
 * The raw WebSocket {@code /ws/tactical}: a snapshot on connect, then picture deltas coalesced per client to at most
 * one message per period. A client's pending delta holds the latest state per contact and each removed contact id
 * once, so it is bounded by the number of contacts however slowly the client reads; a client whose write queue stays
 * full too long is closed. A contact changed then removed within one period is sent only as removed; one removed then
 * changed again is sent as its new state.
 */
public final class LiveFeed {

  /** WebSocket close code 1008 (policy violation): the client broke the rule that it must keep reading. */
  static final short SLOW_CLIENT_CODE = 1008;
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  private final Vertx vertx;
  private final Supplier<Future<List<ContactSummary>>> picture;
  private final Supplier<Future<JsonArray>> systemAlerts;
  private final long periodMs;
  private final int snapshotMax;
  private final long slowClientMs;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final Counter messages;
  private final Counter dropped;

  /** {@code systemAlerts}: the active system alerts, sent with the snapshot. */
  public LiveFeed(Vertx vertx, Supplier<Future<List<ContactSummary>>> picture, Supplier<Future<JsonArray>> systemAlerts,
                  int maxHz, int snapshotMax, long slowClientMs, MeterRegistry meters) {
    this.vertx = vertx;
    this.picture = picture;
    this.systemAlerts = systemAlerts;
    this.periodMs = Math.max(1, 1000 / maxHz);
    this.snapshotMax = snapshotMax;
    this.slowClientMs = slowClientMs;
    this.messages = Meters.wsMessages(meters);
    this.dropped = Meters.wsDropped(meters);
    Meters.wsClients(meters, clients::size);
  }

  /** Takes a new client: it gets the snapshot first, and every change from now on after it. */
  public void attach(ServerWebSocket socket) {
    Client client = new Client(socket);
    clients.add(client);
    socket.closeHandler(v -> client.detach());
    socket.exceptionHandler(e -> LOG.debug("/ws/tactical client {}: {}", socket.remoteAddress(), e.toString()));
    // clients send nothing; a text or binary frame from one is ignored
    socket.handler(ignored -> { });
    // the alerts are a courtesy of the snapshot: without them it still goes out (console.alerts carries changes)
    Future<JsonArray> alerts = systemAlerts.get().recover(failure -> {
      LOG.warn("snapshot for /ws/tactical client {} without system alerts: {}", socket.remoteAddress(),
        failure.toString());
      return Future.succeededFuture(new JsonArray());
    });
    Future.all(picture.get(), alerts).onSuccess(both -> client.sendSnapshot(both.resultAt(0), both.resultAt(1)))
      .onFailure(failure -> {
        LOG.warn("no snapshot for /ws/tactical client {}: {}", socket.remoteAddress(), failure.toString());
        socket.close((short) 1011, "no snapshot: the picture could not be read");
      });
  }

  /** One picture delta ({@code {"contacts": [...]}} and/or {@code {"removed": [ids]}}) for every client. */
  public void publish(JsonObject delta) {
    JsonArray contacts = delta.getJsonArray("contacts", new JsonArray());
    JsonArray removed = delta.getJsonArray("removed", new JsonArray());
    if (contacts.isEmpty() && removed.isEmpty()) {
      return;
    }
    // each contact is encoded once here, not once per client: a client's message is these texts joined
    Map<String, String> encoded = new LinkedHashMap<>();
    contacts.forEach(item -> {
      JsonObject contact = (JsonObject) item;
      encoded.put(contact.getString("contactId"), contact.encode());
    });
    clients.forEach(client -> client.merge(encoded, removed));
  }

  /** Closes every client (the server is going away). */
  public void closeAll() {
    clients.forEach(client -> client.socket.close((short) 1001, "server shutting down"));
  }

  private final class Client {

    private final ServerWebSocket socket;
    /** Latest state per contact id not yet sent, as JSON text: bounded by the number of contacts. */
    private final Map<String, String> pending = new LinkedHashMap<>();
    /** Contact ids removed since the last message, each once: bounded by the number of contacts. */
    private final Set<String> removed = new java.util.LinkedHashSet<>();
    private boolean snapshotSent;
    private boolean flushScheduled;
    private long lastSentAt;
    private long fullSince = -1;
    private boolean closed;

    Client(ServerWebSocket socket) {
      this.socket = socket;
    }

    void sendSnapshot(List<ContactSummary> contacts, JsonArray alerts) {
      if (closed) {
        return;
      }
      JsonArray array = new JsonArray();
      contacts.stream().limit(snapshotMax).forEach(c -> array.add(c.toJson()));
      write(new JsonObject().put("type", "snapshot").put("contacts", array).put("systemAlerts", alerts));
      snapshotSent = true;
      scheduleFlush();
    }

    void merge(Map<String, String> contacts, JsonArray gone) {
      if (closed) {
        return;
      }
      contacts.forEach((id, contact) -> {
        removed.remove(id); // removed then changed again: the new state is what the client must hold
        pending.remove(id); // re-insert so that the order is that of the latest change
        pending.put(id, contact);
      });
      gone.forEach(item -> {
        String id = String.valueOf(item);
        pending.remove(id); // changed then removed: only the removal matters
        removed.add(id);
      });
      scheduleFlush();
    }

    private void scheduleFlush() {
      if (flushScheduled || !snapshotSent || closed) {
        return;
      }
      flushScheduled = true;
      long wait = Math.max(0, lastSentAt + periodMs - System.currentTimeMillis());
      if (wait == 0) {
        vertx.runOnContext(v -> flush());
      } else {
        vertx.setTimer(wait, id -> flush());
      }
    }

    private void flush() {
      flushScheduled = false;
      // the socket may be closed before its close handler has run (a client leaving between two flushes); writing
      // or asking writeQueueFull() then throws
      if (closed || socket.isClosed()) {
        return;
      }
      long now = System.currentTimeMillis();
      if (socket.writeQueueFull()) {
        if (fullSince < 0) {
          fullSince = now;
        }
        if (now - fullSince >= slowClientMs) {
          dropAsSlow(now - fullSince);
          return;
        }
        // keep merging into pending and look again next period, whether or not anything changes meanwhile
        flushScheduled = true;
        vertx.setTimer(periodMs, id -> flush());
        return;
      }
      fullSince = -1;
      if (pending.isEmpty() && removed.isEmpty()) {
        return;
      }
      // {"type":"delta","contacts":[...]} and "removed" when there are removals, from the texts encoded at publish
      StringBuilder delta = new StringBuilder(64 + pending.size() * 512).append("{\"type\":\"delta\",\"contacts\":[");
      String separator = "";
      for (String contact : pending.values()) {
        delta.append(separator).append(contact);
        separator = ",";
      }
      delta.append(']');
      pending.clear();
      if (!removed.isEmpty()) {
        delta.append(",\"removed\":").append(new JsonArray(new java.util.ArrayList<>(removed)).encode());
        removed.clear();
      }
      writeText(delta.append('}').toString());
    }

    private void write(JsonObject message) {
      writeText(message.encode());
    }

    private void writeText(String message) {
      lastSentAt = System.currentTimeMillis();
      socket.writeTextMessage(message);
      messages.increment();
    }

    private void dropAsSlow(long fullForMs) {
      dropped.increment();
      LOG.warn("closing /ws/tactical client {}: its write queue was full for {} ms (limit {} ms), {} contacts pending",
        socket.remoteAddress(), fullForMs, slowClientMs, pending.size());
      detach();
      socket.close(SLOW_CLIENT_CODE, "slow client: write queue full for " + fullForMs + " ms (limit " + slowClientMs
        + " ms)");
    }

    void detach() {
      closed = true;
      pending.clear();
      removed.clear();
      clients.remove(this);
    }
  }
}
