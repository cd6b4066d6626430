package kraken.tactical;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.support.JsonSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live feed's merging of removals, over a real WebSocket, with one message per second so that changes coalesce. */
@ExtendWith(VertxExtension.class)
@DisplayName("/ws/tactical merges removals into its deltas: the latest of a change and a removal wins")
class LiveFeedRemovalTest {

  private static JsonObject contact(String id, long readingCount) {
    return new JsonObject().put("contactId", id).put("readingCount", readingCount);
  }

  @Test
  @DisplayName("changed then removed within a period is only removed; removed then changed again is the new state")
  void latestWins(Vertx vertx, VertxTestContext testContext) {
    LiveFeed feed = new LiveFeed(vertx, () -> Future.succeededFuture(List.of()),
      () -> Future.succeededFuture(new JsonArray()), 1, 100, 5000, new SimpleMeterRegistry());
    HttpServer server = vertx.createHttpServer().webSocketHandler(feed::attach);
    server.listen(0, "127.0.0.1")
      .compose(s -> JsonSocket.connect(vertx, s.actualPort(), "/ws/tactical"))
      .compose(socket -> socket.first(m -> "snapshot".equals(m.getString("type")))
        .compose(snapshot -> {
          // one turn of the event loop: all four land in the same pending delta
          vertx.runOnContext(v -> {
            feed.publish(new JsonObject().put("contacts", new JsonArray().add(contact("C-a", 1))));
            feed.publish(new JsonObject().put("removed", new JsonArray().add("C-a").add("C-b")));
            feed.publish(new JsonObject().put("contacts", new JsonArray().add(contact("C-b", 7))));
          });
          return socket.first(m -> "delta".equals(m.getString("type")));
        })
        .onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(delta -> testContext.verify(() -> {
        assertThat(delta.getJsonArray("removed")).containsExactly("C-a");
        assertThat(delta.getJsonArray("contacts")).hasSize(1);
        assertThat(delta.getJsonArray("contacts").getJsonObject(0)).isEqualTo(contact("C-b", 7));
        server.close();
        testContext.completeNow();
      })));
  }
}
