package kraken.tactical;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapInterceptor;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.ContactUpdate;
import kraken.bus.OperatorClassification;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import kraken.grid.Grid;
import kraken.grid.GridConfig;
import kraken.grid.GridMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator commands against a real (embedded) Hazelcast member: the record is stored before the contact changes, so
 * a store that fails leaves the picture unchanged; an unknown contact keeps no record; with persistence off the grid
 * keeps only the newest {@code operator.maxPendingRecords} records.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Operator commands store the record before changing the contact, and keep a bounded grid without persistence")
class OperatorCommandStoreTest {

  private static final int MAX_KEPT = 3;
  private static HazelcastInstance member;
  private static Grid grid;

  @BeforeAll
  static void startMember() {
    member = Hazelcast.newHazelcastInstance(GridConfig.of(KrakenConfig.defaults()));
    grid = new Grid(member);
  }

  @AfterAll
  static void stopMember() {
    member.getLifecycleService().terminate();
  }

  /** Refuses every record put in the map: a store that fails, as when the backup cannot be reached. */
  static final class RefuseEveryPut implements MapInterceptor {
    @Override
    public Object interceptGet(Object value) {
      return value;
    }

    @Override
    public void afterGet(Object value) {
    }

    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
      throw new IllegalStateException("the test refuses to store operator records");
    }

    @Override
    public void afterPut(Object value) {
    }

    @Override
    public Object interceptRemove(Object removedValue) {
      return removedValue;
    }

    @Override
    public void afterRemove(Object value) {
    }
  }

  private static String contact(String prefix) {
    String contactId = "C-" + prefix + UUID.randomUUID();
    Contact contact = Contact.named(contactId);
    ThreatAssessment a = new ThreatAssessment(contactId, ThreatLevel.Suspicious, 0.6, null, RecommendedAction.Track,
      null, List.of("rule"), List.of("rules-1"), false, null, 5L);
    contact.fold(new ContactUpdate(a, List.of("s1"), List.of("SonarActive"), "a", 10L, 10L, System.currentTimeMillis(),
      new long[] {ContactUpdate.readingKey("s1", "a")}), System.currentTimeMillis(), new DuplicateWindow(30_000, 100_000));
    grid.<String, Contact>map(GridMap.CONTACTS).set(contactId, contact);
    return contactId;
  }

  private static JsonObject config(boolean persistence) {
    return KrakenConfig.defaults().with(Map.of(Settings.PERSISTENCE_ENABLED, persistence,
      Settings.OPERATOR_MAX_PENDING_RECORDS, MAX_KEPT)).asJson();
  }

  private static long recordsFor(String contactId) {
    IMap<String, OperatorRecord> records = grid.map(GridMap.OPERATOR_RECORDS);
    return records.values().stream().filter(r -> r.row().contactId().equals(contactId)).count();
  }

  @Test
  @DisplayName("a record the grid refuses to store fails the command and leaves the contact unclassified")
  void failedStoreLeavesThePictureUnchanged(Vertx vertx, VertxTestContext testContext) {
    String contactId = contact("refused-");
    IMap<String, OperatorRecord> records = grid.map(GridMap.OPERATOR_RECORDS);
    String interceptor = records.addInterceptor(new RefuseEveryPut());
    new OperatorCommands(vertx, grid, config(true)).classify(contactId, "lt-kim", "frigate", "silhouette")
      .onComplete(taken -> testContext.verify(() -> {
        records.removeInterceptor(interceptor);
        assertThat(taken.failed()).as("the command fails when its record cannot be stored").isTrue();
        Contact shown = grid.<String, Contact>map(GridMap.CONTACTS).get(contactId);
        assertThat(shown.summary().operatorClassification()).as("the picture shows no unrecorded classification")
          .isNull();
        testContext.completeNow();
      }));
  }

  @Test
  @DisplayName("an unknown contact answers null and keeps no record; a known one is stored and classified")
  void unknownContactKeepsNoRecord(Vertx vertx, VertxTestContext testContext) {
    String ghost = "C-ghost-" + UUID.randomUUID();
    String known = contact("known-");
    OperatorCommands commands = new OperatorCommands(vertx, grid, config(true));
    commands.classify(ghost, "lt-kim", "frigate", "seen")
      .compose(none -> {
        testContext.verify(() -> {
          assertThat(none).isNull();
          assertThat(recordsFor(ghost)).as("records for the unknown contact").isZero();
        });
        return commands.classify(known, "lt-kim", "frigate", "seen");
      })
      .onComplete(testContext.succeeding(taken -> testContext.verify(() -> {
        assertThat(taken.contact().operatorClassification()).isEqualTo(new OperatorClassification("frigate", "lt-kim",
          "seen", taken.record().row().at()));
        assertThat(grid.<String, OperatorRecord>map(GridMap.OPERATOR_RECORDS).get(taken.record().id())).isNotNull();
        grid.map(GridMap.OPERATOR_RECORDS).delete(taken.record().id());
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("with persistence off, ten commands leave the newest operator.maxPendingRecords records in the grid")
  void persistenceOffKeepsTheNewest(Vertx vertx, VertxTestContext testContext) {
    IMap<String, OperatorRecord> records = grid.map(GridMap.OPERATOR_RECORDS);
    records.clear();
    String contactId = contact("bounded-");
    OperatorCommands commands = new OperatorCommands(vertx, grid, config(false));
    List<String> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vertx.core.Future<Void> chain = io.vertx.core.Future.succeededFuture();
    for (int i = 0; i < 10; i++) {
      String reason = "look " + i;
      // a millisecond or more apart, so that "newest" (by time taken) is unambiguous
      chain = chain.compose(v -> vertx.timer(3).mapEmpty()).compose(v -> commands.classify(contactId, "lt-kim", "frigate", reason)
        .map(t -> {
          taken.add(t.record().id());
          return null;
        }));
    }
    chain.onComplete(testContext.succeeding(v -> testContext.verify(() -> {
      assertThat(records.keySet()).as("the newest %d of %s", MAX_KEPT, taken)
        .containsExactlyInAnyOrderElementsOf(taken.subList(taken.size() - MAX_KEPT, taken.size()));
      testContext.completeNow();
    })));
  }
}
