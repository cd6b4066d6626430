package kraken.tactical.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.ops.Meters;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source of the GraphQL subscription {@code pictureChanges}: picture deltas ({@code {"contacts": [...]}} and
 * possibly {@code {"removed": [ids]}}) merged per subscription and emitted at most once per period, only when the
 * subscriber asked for one (reactive-streams demand) and its WebSocket can take it.
 *
 * <p>vertx-web-graphql asks for the next item as soon as it has written one, whether or not the socket's write queue
 * has drained, so demand alone does not bound memory. What bounds it, as in {@link kraken.tactical.LiveFeed}: a
 * subscription's pending change keeps the latest state per contact and each removed id once, so it is bounded by the
 * number of contacts however slowly the client reads; nothing is written while the socket's write queue is full; a
 * subscriber whose queue stays full for {@code slowClientMs} has its WebSocket closed (1008, with the reason).
 *
 * <p>All state lives on the API verticle's context: deltas arrive there, and demand and cancellation hop there.
 */
final class PictureChanges {

  /** WebSocket close code 1008 (policy violation): the client broke the rule that it must keep reading. */
  static final short SLOW_CLIENT_CODE = 1008;
  private static final Logger LOG = LoggerFactory.getLogger(PictureChanges.class);

  private final Vertx vertx;
  private final Context context;
  private final long periodMs;
  private final long slowClientMs;
  private final Set<Change> open = new LinkedHashSet<>();
  private final Counter dropped;

  PictureChanges(Vertx vertx, Context context, int maxHz, long slowClientMs, MeterRegistry meters) {
    this.vertx = vertx;
    this.context = context;
    this.periodMs = Math.max(1, 1000 / maxHz);
    this.slowClientMs = slowClientMs;
    this.dropped = Meters.graphqlDropped(meters);
    Meters.graphqlSubscriptions(meters, open::size);
  }

  /** One picture delta for every open subscription (on the verticle's context). */
  void publish(JsonObject delta) {
    JsonArray contacts = delta.getJsonArray("contacts");
    JsonArray removed = delta.getJsonArray("removed");
    boolean hasContacts = contacts != null && !contacts.isEmpty();
    boolean hasRemoved = removed != null && !removed.isEmpty();
    if (!hasContacts && !hasRemoved) {
      return;
    }
    List<Map<String, Object>> changed = new ArrayList<>();
    if (hasContacts) {
      contacts.forEach(c -> changed.add(GraphqlApi.plain((JsonObject) c)));
    }
    List<String> gone = new ArrayList<>();
    if (hasRemoved) {
      removed.forEach(id -> gone.add(String.valueOf(id)));
    }
    List.copyOf(open).forEach(change -> change.merge(changed, gone));
  }

  /** A publisher of changes for one subscriber, written to {@code socket}. */
  Publisher<Map<String, Object>> forSocket(ServerWebSocket socket) {
    return subscriber -> onContext(() -> {
      Change change = new Change(socket, subscriber);
      // a socket closed meanwhile will not cancel again: such a subscription never opens
      if (!socket.isClosed()) {
        open.add(change);
      } else {
        change.close();
      }
      subscriber.onSubscribe(change);
    });
  }

  int open() {
    return open.size();
  }

  private void onContext(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }

  /** One subscription: what changed since its last item, and how much the subscriber asked for. */
  private final class Change implements Subscription {

    private final ServerWebSocket socket;
    private final Subscriber<? super Map<String, Object>> subscriber;
    /** Latest state per contact id not yet sent: bounded by the number of contacts. */
    private final Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
    /** Ids removed since the last item, each once. */
    private final Set<String> removed = new LinkedHashSet<>();
    private long demand;
    private boolean flushScheduled;
    private long lastSentAt;
    private long fullSince = -1;
    private boolean cancelled;

    Change(ServerWebSocket socket, Subscriber<? super Map<String, Object>> subscriber) {
      this.socket = socket;
      this.subscriber = subscriber;
    }

    void merge(List<Map<String, Object>> changed, List<String> gone) {
      changed.forEach(contact -> {
        String id = String.valueOf(contact.get("contactId"));
        contacts.remove(id); // re-insert so that the order is that of the latest change
        contacts.put(id, contact);
        removed.remove(id);
      });
      gone.forEach(id -> {
        contacts.remove(id);
        removed.add(id);
      });
      scheduleFlush();
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        onContext(() -> fail(new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)")));
        return;
      }
      onContext(() -> {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        scheduleFlush();
      });
    }

    @Override
    public void cancel() {
      onContext(this::close);
    }

    private void scheduleFlush() {
      if (flushScheduled || cancelled || demand == 0 || (contacts.isEmpty() && removed.isEmpty())) {
        return;
      }
      flushScheduled = true;
      long wait = Math.max(0, lastSentAt + periodMs - System.currentTimeMillis());
      // never synchronously inside request(): the subscriber asks for more from within onNext
      vertx.setTimer(Math.max(1, wait), id -> flush());
    }

    private void flush() {
      flushScheduled = false;
      if (cancelled) {
        return;
      }
      long now = System.currentTimeMillis();
      if (socket.isClosed()) {
        close();
        return;
      }
      if (socket.writeQueueFull()) {
        if (fullSince < 0) {
          fullSince = now;
        }
        if (now - fullSince >= slowClientMs) {
          dropAsSlow(now - fullSince);
          return;
        }
        // keep merging and look again next period, whether or not anything changes meanwhile
        flushScheduled = true;
        vertx.setTimer(periodMs, id -> flush());
        return;
      }
      fullSince = -1;
      if (demand == 0 || (contacts.isEmpty() && removed.isEmpty())) {
        return;
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("contacts", new ArrayList<>(contacts.values()));
      item.put("removed", new ArrayList<>(removed));
      contacts.clear();
      removed.clear();
      demand--;
      lastSentAt = now;
      subscriber.onNext(item);
    }

    private void dropAsSlow(long fullForMs) {
      dropped.increment();
      LOG.warn("closing GraphQL subscriber {}: its write queue was full for {} ms (limit {} ms), {} contacts pending",
        socket.remoteAddress(), fullForMs, slowClientMs, contacts.size());
      close();
      socket.close(SLOW_CLIENT_CODE, "slow client: write queue full for " + fullForMs + " ms (limit " + slowClientMs
        + " ms)");
    }

    private void fail(Throwable failure) {
      close();
      subscriber.onError(failure);
    }

    private void close() {
      cancelled = true;
      contacts.clear();
      removed.clear();
      open.remove(this);
    }
  }
}
