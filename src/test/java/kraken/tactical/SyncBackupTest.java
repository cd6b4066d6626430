package kraken.tactical;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import kraken.bus.ContactUpdate;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import kraken.grid.GridConfig;
import kraken.grid.GridMap;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two grid members configured as KRAKEN nodes configure them: when a fold of a batch answers, every contact it
 * wrote already has its backup on the other member, so losing either member right after an acknowledgement loses
 * nothing. (Hazelcast backs up multi-key entry processors asynchronously unless told otherwise.)
 */
@DisplayName("A fold answers only once every contact it wrote is backed up on another member")
class SyncBackupTest {

  private static HazelcastInstance first;
  private static HazelcastInstance second;

  @BeforeAll
  static void startTwoMembers() {
    int portA = TestNodes.freePort();
    int portB = TestNodes.freePort();
    String name = "sync-backup-" + UUID.randomUUID().toString().substring(0, 8);
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    first = Hazelcast.newHazelcastInstance(GridConfig.of(member(name, members, portA)));
    second = Hazelcast.newHazelcastInstance(GridConfig.of(member(name, members, portB)));
  }

  private static KrakenConfig member(String name, String members, int port) {
    return KrakenConfig.defaults().with(Map.of(Settings.CLUSTER_ENABLED, true, Settings.CLUSTER_NAME, name,
      Settings.CLUSTER_MEMBERS, List.of(members.split(",")), Settings.CLUSTER_PORT, port));
  }

  @AfterAll
  static void stopMembers() {
    second.getLifecycleService().terminate();
    first.getLifecycleService().terminate();
  }

  private static ContactUpdate update(String contactId, int reading) {
    ThreatAssessment assessment = new ThreatAssessment(contactId, ThreatLevel.Suspicious, 0.6, null, RecommendedAction.Track,
      null, List.of("evidence"), List.of("rules-1"), false, null, 1L);
    return new ContactUpdate(assessment, List.of("s-" + contactId), List.of("SonarPassive"), "r-" + reading, 10L, 20L,
      System.currentTimeMillis(), new long[] {ContactUpdate.readingKey("s-" + contactId, "r-" + reading)});
  }

  @Test
  @DisplayName("after each of 30 folds of 60 new contacts, one submission per contact as ContactStore does, both "
    + "members together hold a backup of every contact")
  void everyFoldIsBackedUpWhenItAnswers() throws Exception {
    assertThat(first.getCluster().getMembers()).hasSize(2);
    IMap<String, Contact> contacts = first.getMap(GridMap.CONTACTS.mapName());
    DuplicateWindow window = new DuplicateWindow(30_000, 100_000);
    for (int batch = 0; batch < 30; batch++) {
      List<ContactUpdate> updates = new ArrayList<>();
      for (int c = 0; c < 60; c++) {
        String contactId = "C-sync-" + batch + "-" + c;
        updates.add(update(contactId, batch));
      }
      List<java.util.concurrent.CompletableFuture<FoldReadings.Folded>> folds = new ArrayList<>();
      for (ContactUpdate update : updates) {
        folds.add(contacts.submitToKey(update.contactId(),
          new FoldReadings(update, System.currentTimeMillis(), window)).toCompletableFuture());
      }
      java.util.concurrent.CompletableFuture.allOf(folds.toArray(java.util.concurrent.CompletableFuture[]::new))
        .get(30, TimeUnit.SECONDS);
      long backups = first.getMap(GridMap.CONTACTS.mapName()).getLocalMapStats().getBackupEntryCount()
        + second.getMap(GridMap.CONTACTS.mapName()).getLocalMapStats().getBackupEntryCount();
      assertThat(backups).as("backups held right after batch %d answered", batch).isEqualTo(60L * (batch + 1));
    }
  }
}
