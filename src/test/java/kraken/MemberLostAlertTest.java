package kraken;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.bus.Addresses;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.support.Http;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two clustered nodes in this JVM (real Hazelcast members on loopback): a tactical node, and a scaling-only node that
 * stops and then starts again. The tactical node raises a critical member_lost alert when the other leaves and clears
 * it when a member joins.
 */
@DisplayName("A lost cluster member raises a critical system alert, cleared when a member joins")
class MemberLostAlertTest {

  private static final long DEADLINE_MS = 60_000;

  private static Map<Setting<?>, Object> clustered(String cluster, int port, String members, List<String> verticles) {
    Map<Setting<?>, Object> settings = new HashMap<>();
    settings.put(Settings.CLUSTER_ENABLED, true);
    settings.put(Settings.CLUSTER_NAME, cluster);
    settings.put(Settings.CLUSTER_PORT, port);
    settings.put(Settings.CLUSTER_MEMBERS, members);
    settings.put(Settings.VERTICLES, verticles);
    return settings;
  }

  private static JsonArray memberLost(int tacticalPort) throws Exception {
    JsonArray alerts = new JsonObject(Http.get("http://127.0.0.1:" + tacticalPort + "/api/v1/alerts").body())
      .getJsonArray("alerts");
    JsonArray lost = new JsonArray();
    alerts.stream().map(JsonObject.class::cast).filter(a -> "member_lost".equals(a.getString("kind"))).forEach(lost::add);
    return lost;
  }

  private static JsonArray awaitMemberLost(int tacticalPort, boolean present) throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    JsonArray lost = memberLost(tacticalPort);
    while (lost.isEmpty() == present && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      lost = memberLost(tacticalPort);
    }
    return lost;
  }

  @Test
  @DisplayName("the other member stops: member_lost (critical) on the tactical node and console.alerts; it rejoins: cleared")
  void lostMemberRaisesThenClearsOnJoin() throws Exception {
    int gridA = TestNodes.freePort();
    int gridB = TestNodes.freePort();
    String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
    String cluster = "kraken-alerts-" + UUID.randomUUID().toString().substring(0, 8);
    TestNodes.Running tactical = TestNodes.start(clustered(cluster, gridA, members, List.of("tactical")));
    TestNodes.Running other = null;
    try {
      List<JsonObject> published = new CopyOnWriteArrayList<>();
      MessageConsumer<JsonObject> console = tactical.node().vertx().eventBus().consumer(Addresses.ALERTS,
        message -> published.add(message.body()));
      console.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      other = TestNodes.start(clustered(cluster, gridB, members, List.of("scaling")));
      assertThat(awaitMemberLost(tactical.tacticalPort(), false)).as("nothing lost while both run").isEmpty();

      other.stop();
      other = null;
      JsonArray lost = awaitMemberLost(tactical.tacticalPort(), true);
      assertThat(lost).as("one member_lost alert").hasSize(1);
      JsonObject alert = lost.getJsonObject(0);
      assertThat(alert.getString("severity")).isEqualTo("critical");
      assertThat(alert.getString("id")).startsWith("member_lost:");
      assertThat(alert.getString("message")).contains("left or was lost").contains("1 members remain");
      assertThat(published.stream().filter(m -> "raised".equals(m.getString("type"))
        && alert.getString("id").equals(m.getJsonObject("alert").getString("id")))).hasSize(1);

      other = TestNodes.start(clustered(cluster, gridB, members, List.of("scaling")));
      assertThat(awaitMemberLost(tactical.tacticalPort(), false)).as("cleared when a member joins").isEmpty();
      assertThat(published.stream().filter(m -> "cleared".equals(m.getString("type"))
        && alert.getString("id").equals(m.getJsonObject("alert").getString("id")))).hasSize(1);
      console.unregister().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      if (other != null) {
        other.stop();
      }
      tactical.stop();
    }
  }
}
