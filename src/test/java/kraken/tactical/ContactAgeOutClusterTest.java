package kraken.tactical;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import kraken.bus.Addresses;
import kraken.bus.ContactUpdate;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.grid.GridMap;
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
 * Two clustered nodes in this JVM (real Hazelcast members on loopback): a tactical node and a scaling-only node, both
 * data members. Contacts whose primary copy the scaling node holds must age out all the same: the tactical node's
 * sweep runs on every owner, not on its own keys only.
 */
@DisplayName("Contacts owned by a cluster member that runs no tactical verticle age out too")
class ContactAgeOutClusterTest {

  private static final int TTL_MS = 3000;
  private static final long DEADLINE_MS = 30_000;

  private static Map<Setting<?>, Object> clustered(String cluster, int port, String members, List<String> verticles) {
    Map<Setting<?>, Object> settings = new HashMap<>();
    settings.put(Settings.CLUSTER_ENABLED, true);
    settings.put(Settings.CLUSTER_NAME, cluster);
    settings.put(Settings.CLUSTER_PORT, port);
    settings.put(Settings.CLUSTER_MEMBERS, members);
    settings.put(Settings.VERTICLES, verticles);
    settings.put(Settings.CONTACT_TTL_MS, TTL_MS);
    return settings;
  }

  /** A contact with one reading, last updated (wall clock) at {@code updatedAt}. */
  private static Contact contact(String contactId, long updatedAt) {
    ThreatAssessment assessment = new ThreatAssessment(contactId, ThreatLevel.Benign, 0.6, null,
      RecommendedAction.Track, null, List.of("test"), List.of("rules-1"), false, null, updatedAt);
    ContactUpdate update = new ContactUpdate(assessment, List.of("s1"), List.of("SonarPassive"), "r1", updatedAt,
      updatedAt, updatedAt, new long[] {ContactUpdate.readingKey("s1", "r1")});
    Contact contact = Contact.named(contactId);
    contact.fold(update, updatedAt, new DuplicateWindow(30_000, 100_000));
    return contact;
  }

  /** A contact id whose partition the given member owns. */
  private static String ownedBy(HazelcastInstance hz, Member owner, String prefix) {
    for (int i = 0; ; i++) {
      String id = prefix + i;
      if (owner.equals(hz.getPartitionService().getPartition(id).getOwner())) {
        return id;
      }
    }
  }

  private static HazelcastInstance member(String cluster, int port) {
    return Hazelcast.getAllHazelcastInstances().stream()
      .filter(hz -> hz.getConfig().getClusterName().equals(cluster))
      .filter(hz -> hz.getCluster().getLocalMember().getAddress().getPort() == port)
      .findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a stale contact owned by the scaling-only member is removed and announced; a fresh one there stays")
  void staleContactOnNonTacticalMemberAgesOut() throws Exception {
    int gridA = TestNodes.freePort();
    int gridB = TestNodes.freePort();
    String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
    String cluster = "kraken-ageout-" + UUID.randomUUID().toString().substring(0, 8);
    TestNodes.Running tactical = TestNodes.start(clustered(cluster, gridA, members, List.of("tactical")));
    TestNodes.Running other = null;
    try {
      other = TestNodes.start(clustered(cluster, gridB, members, List.of("scaling")));
      HazelcastInstance scalingMember = member(cluster, gridB);
      long twoMembers = System.currentTimeMillis() + DEADLINE_MS;
      while (scalingMember.getCluster().getMembers().size() < 2 && System.currentTimeMillis() < twoMembers) {
        Thread.sleep(100);
      }
      assertThat(scalingMember.getCluster().getMembers()).as("both members joined").hasSize(2);
      // partitions move to a member that has just joined: pick the keys once the migration is done
      while (!scalingMember.getPartitionService().isClusterSafe() && System.currentTimeMillis() < twoMembers) {
        Thread.sleep(50);
      }
      assertThat(scalingMember.getPartitionService().isClusterSafe()).as("partitions settled").isTrue();
      Member owner = scalingMember.getCluster().getLocalMember();
      String stale = ownedBy(scalingMember, owner, "C-ageout-stale-");
      String fresh = ownedBy(scalingMember, owner, "C-ageout-fresh-");

      List<JsonObject> deltas = new CopyOnWriteArrayList<>();
      MessageConsumer<JsonObject> console = tactical.node().vertx().eventBus().consumer(Addresses.PICTURE_DELTA,
        message -> deltas.add(message.body()));
      console.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      IMap<String, Contact> contacts = scalingMember.getMap(GridMap.CONTACTS.mapName());
      long now = System.currentTimeMillis();
      contacts.set(stale, contact(stale, now - 10L * TTL_MS));
      contacts.set(fresh, contact(fresh, now + 10L * TTL_MS)); // stays fresh for the whole test
      // (not localKeySet: the sweep may already have removed the stale one)
      assertThat(List.of(stale, fresh)).as("the scaling-only member owns both")
        .allMatch(id -> owner.equals(scalingMember.getPartitionService().getPartition(id).getOwner()));

      long deadline = System.currentTimeMillis() + DEADLINE_MS;
      while (contacts.containsKey(stale) && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertThat(contacts.containsKey(stale)).as("the stale contact owned by the non-tactical member").isFalse();
      assertThat(contacts.containsKey(fresh)).as("the fresh contact next to it").isTrue();
      while (deltas.stream().noneMatch(d -> d.getJsonArray("removed", new io.vertx.core.json.JsonArray()).contains(stale))
        && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertThat(deltas.stream().filter(d -> d.getJsonArray("removed", new io.vertx.core.json.JsonArray())
        .contains(stale))).as("one removal announced on %s", Addresses.PICTURE_DELTA).hasSize(1);
      console.unregister().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      if (other != null) {
        other.stop();
      }
      tactical.stop();
    }
  }
}
