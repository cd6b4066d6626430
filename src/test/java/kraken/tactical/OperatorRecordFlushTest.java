package kraken.tactical;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import kraken.PostgresAvailableTest;
import kraken.bus.OperatorClassification;
import kraken.config.KrakenConfig;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.grid.GridConfig;
import kraken.grid.GridMap;
import kraken.support.Attempts;
import kraken.support.OperatorRows;
import kraken.support.PictureRows;
import kraken.support.StoredReadings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tactical node with persistence on (real PostgreSQL) and a second, bare Hazelcast member in its cluster, as an
 * ingest, inference or scaling pod is in Kubernetes: it owns partitions of kraken.operator.records but runs no
 * flusher. Records put through that member all reach PostgreSQL; one PostgreSQL refuses for good (a NUL character)
 * is dead-lettered without blocking the others; the API refuses NUL characters up front.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Operator records reach PostgreSQL whichever member holds them, and one bad record blocks no others")
class OperatorRecordFlushTest {

  private static final long DEADLINE_MS = 20_000;
  private static TestNodes.Running node;
  private static HazelcastInstance bare;

  private final String prefix = StoredReadings.uniquePrefix();
  private WebClient client;
  private Pool db;

  @BeforeAll
  static void startNodeAndBareMember() throws Exception {
    int gridA = TestNodes.freePort();
    int gridB = TestNodes.freePort();
    String cluster = "kraken-flush-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> members = List.of("127.0.0.1:" + gridA, "127.0.0.1:" + gridB);
    Map<Setting<?>, Object> settings = new HashMap<>();
    settings.put(Settings.CLUSTER_ENABLED, true);
    settings.put(Settings.CLUSTER_NAME, cluster);
    settings.put(Settings.CLUSTER_PORT, gridA);
    settings.put(Settings.CLUSTER_MEMBERS, members);
    settings.put(Settings.VERTICLES, List.of("tactical"));
    settings.put(Settings.POSTGRES_URI, PostgresAvailableTest.uri());
    settings.put(Settings.PERSISTENCE_ENABLED, true);
    settings.put(Settings.PERSISTENCE_FLUSH_MS, 50);
    node = TestNodes.start(settings);
    bare = Hazelcast.newHazelcastInstance(GridConfig.of(KrakenConfig.defaults().with(Map.of(Settings.CLUSTER_ENABLED,
      true, Settings.CLUSTER_NAME, cluster, Settings.CLUSTER_MEMBERS, members, Settings.CLUSTER_PORT, gridB))));
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (bare != null) {
      bare.getLifecycleService().terminate();
    }
    if (node != null) {
      node.stop();
    }
  }

  @BeforeEach
  void clients(Vertx vertx) {
    client = WebClient.create(vertx);
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(vertx).build();
  }

  @AfterEach
  void cleanUp(VertxTestContext testContext) {
    OperatorRows.deleteAll(db, "C-" + prefix).eventually(db::close).onComplete(testContext.succeedingThenComplete());
  }

  private OperatorRecord put(String contactId, String reason) {
    OperatorRecord record = OperatorRecord.classification(contactId,
      new OperatorClassification("frigate", "lt-kim", reason, System.currentTimeMillis()));
    bare.<String, OperatorRecord>getMap(GridMap.OPERATOR_RECORDS.mapName()).set(record.id(), record);
    return record;
  }

  private static boolean heldByBare(OperatorRecord record) {
    return bare.getPartitionService().getPartition(record.id()).getOwner().localMember();
  }

  @Test
  @DisplayName("records held by a member without a flusher are written to PostgreSQL and leave the grid")
  void recordsOnEveryMemberAreWritten(Vertx vertx, VertxTestContext testContext) {
    assertThat(bare.getCluster().getMembers()).as("the node and the bare member").hasSize(2);
    // a member that has just joined owns partitions only once the migration to it is done
    long ownsBy = System.currentTimeMillis() + DEADLINE_MS;
    while (bare.getPartitionService().getPartitions().stream().noneMatch(p -> p.getOwner() != null
      && p.getOwner().localMember()) || !bare.getPartitionService().isClusterSafe()) {
      assertThat(System.currentTimeMillis()).as("the bare member owns partitions in time").isLessThan(ownsBy);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    List<OperatorRecord> put = new java.util.ArrayList<>();
    for (int i = 0; i < 24; i++) {
      put.add(put("C-" + prefix + i, "look " + i));
    }
    assertThat(put.stream().filter(OperatorRecordFlushTest::heldByBare)).as("records the bare member holds")
      .isNotEmpty();
    IMap<String, OperatorRecord> records = bare.getMap(GridMap.OPERATOR_RECORDS.mapName());
    OperatorRows.atLeast(vertx, db, OperatorRows.CLASSIFICATIONS, "C-" + prefix, put.size(),
        System.currentTimeMillis() + DEADLINE_MS)
      .compose(rows -> Attempts.until(vertx, () -> Future.succeededFuture(put.stream()
          .filter(r -> records.containsKey(r.id())).count()), left -> left == 0, System.currentTimeMillis() + DEADLINE_MS)
        .map(left -> {
          testContext.verify(() -> {
            assertThat(rows.stream().map(r -> r.getUUID("id").toString()))
              .as("rows in PostgreSQL").containsExactlyInAnyOrderElementsOf(put.stream().map(OperatorRecord::id).toList());
            assertThat(left).as("records left in the grid").isZero();
          });
          return rows;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("a record PostgreSQL refuses for good is dead-lettered (counted, out of the grid); the others are written")
  void refusedRecordIsDeadLettered(Vertx vertx, VertxTestContext testContext) {
    OperatorRecord poisoned = put("C-" + prefix + "poisoned", "a NUL \u0000 PostgreSQL cannot store");
    List<OperatorRecord> good = List.of(put("C-" + prefix + "a", "fine"), put("C-" + prefix + "b", "fine too"),
      put("C-" + prefix + "c", "also fine"));
    IMap<String, OperatorRecord> records = bare.getMap(GridMap.OPERATOR_RECORDS.mapName());
    OperatorRows.atLeast(vertx, db, OperatorRows.CLASSIFICATIONS, "C-" + prefix, good.size(),
        System.currentTimeMillis() + DEADLINE_MS)
      .compose(rows -> Attempts.until(vertx, () -> PictureRows.metric(client, node.opsPort(),
          "kraken_operator_records_dead_lettered_total"), n -> n >= 1, System.currentTimeMillis() + DEADLINE_MS)
        .map(deadLettered -> {
          testContext.verify(() -> {
            assertThat(rows.stream().map(r -> r.getUUID("id").toString())).as("the good records in PostgreSQL")
              .containsExactlyInAnyOrderElementsOf(good.stream().map(OperatorRecord::id).toList());
            assertThat(deadLettered).as("records dead-lettered").isEqualTo(1.0);
            assertThat(records.containsKey(poisoned.id())).as("the refused record is out of the grid").isFalse();
          });
          return rows;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("a NUL character in operator, vesselClass or reason is 400 naming the field")
  void nulIsRefusedAtTheApi(VertxTestContext testContext) {
    JsonObject body = new JsonObject().put("operator", "lt-kim").put("vesselClass", "frigate").put("reason", "a\u0000b");
    client.post(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-" + prefix + "x/classify").sendJsonObject(body)
      .compose(reason -> {
        testContext.verify(() -> {
          assertThat(reason.statusCode()).as(reason.bodyAsString()).isEqualTo(400);
          assertThat(reason.bodyAsJsonObject().getString("reason")).isEqualTo("invalid_request");
          assertThat(reason.bodyAsJsonObject().getJsonArray("details").encode()).contains("reason");
        });
        return client.post(node.tacticalPort(), "127.0.0.1", "/api/v1/combat/action").sendJsonObject(new JsonObject()
          .put("operator", "lt\u0000kim").put("contactId", "C-" + prefix + "x").put("action", "Track").put("reason", "r"));
      })
      .onComplete(testContext.succeeding(operator -> testContext.verify(() -> {
        assertThat(operator.statusCode()).as(operator.bodyAsString()).isEqualTo(400);
        assertThat(operator.bodyAsJsonObject().getJsonArray("details").encode()).contains("operator");
        testContext.completeNow();
      })));
  }
}
