package kraken.scaling;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.Addresses;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.grid.GridMap;
import kraken.grid.GridRingbuffer;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(VertxExtension.class)
@DisplayName("Two clustered scalers: exactly one is active, and the other takes over when the active one's node dies")
class ScalerLeaderTest {

  @Test
  @DisplayName("one lease holder records every decision; after its grid member is killed the survivor holds the "
    + "lease and records decisions within the lease time")
  void failover(Vertx vertx, VertxTestContext testContext) throws Exception {
    int gridA = TestNodes.freePort();
    int gridB = TestNodes.freePort();
    String cluster = "kraken-scaler-" + UUID.randomUUID().toString().substring(0, 8);
    TestNodes.Running a = TestNodes.start(clustered("scaler-a", gridA, gridA, gridB, cluster));
    TestNodes.Running b = TestNodes.start(clustered("scaler-b", gridB, gridA, gridB, cluster));
    try {
      HazelcastInstance memberA = member(gridA);
      HazelcastInstance memberB = member(gridB);
      String first = awaitHolder(memberB, Set.of("scaler-a", "scaler-b"));
      // every reconcile is published cluster-wide: over ten ticks only the holder may have reconciled
      List<String> publishers = new CopyOnWriteArrayList<>();
      b.node().vertx().eventBus().<JsonObject>consumer(Addresses.SCALING_DECISIONS,
        m -> publishers.add(m.body().getString("scalerNode")));
      long ticks = System.currentTimeMillis() + 20_000;
      while (publishers.size() < 10 && System.currentTimeMillis() < ticks) {
        Thread.sleep(50);
      }
      Set<String> recorders = recorders(memberB);
      testContext.verify(() -> {
        assertThat(publishers).as("decisions published over ten ticks").hasSizeGreaterThanOrEqualTo(10);
        assertThat(new HashSet<>(publishers)).as("scalers that reconciled").containsExactly(first);
        assertThat(recorders).as("scalers that recorded decisions").containsExactly(first);
      });

      HazelcastInstance victim = first.equals("scaler-a") ? memberA : memberB;
      HazelcastInstance survivor = victim == memberA ? memberB : memberA;
      String survivorId = first.equals("scaler-a") ? "scaler-b" : "scaler-a";
      long killedAt = System.currentTimeMillis();
      victim.getLifecycleService().terminate(); // no goodbye: the lease must expire
      String second = awaitHolder(survivor, Set.of(survivorId));
      long deadline = System.currentTimeMillis() + 10_000;
      while (!recorders(survivor).contains(survivorId) && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      Set<String> after = recorders(survivor);
      testContext.verify(() -> {
        assertThat(second).isEqualTo(survivorId);
        assertThat(after).as("the survivor records once it is active").contains(survivorId);
      });
      System.out.println("scaler failover: lease taken by " + second + " " + (System.currentTimeMillis() - killedAt)
        + " ms after " + first + "'s member was killed");
      testContext.completeNow();
    } finally {
      stopQuietly(a);
      stopQuietly(b);
    }
  }

  @Test
  @DisplayName("a scaler whose lease is not longer than its reconcile interval is refused at start, naming both keys")
  void leaseMustOutlastTheInterval(VertxTestContext testContext) {
    Throwable refused = catchThrowable(() -> TestNodes.start(Map.of(Settings.VERTICLES, "scaling",
      Settings.SCALING_ACTUATOR, "none", Settings.SCALING_INTERVAL_MS, 2000, Settings.SCALING_LEASE_MS, 2000)).stop());
    testContext.verify(() -> {
      assertThat(refused).as("start of a node whose scaler would lose its lease between renewals").isNotNull();
      assertThat(causes(refused)).anyMatch(message ->
        message.contains("scaling.intervalMs=2000 must be less than scaling.leaseMs=2000"));
    });
    testContext.completeNow();
  }

  private static List<String> causes(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      messages.add(String.valueOf(cause.getMessage()));
    }
    return messages;
  }

  private static Map<Setting<?>, Object> clustered(String nodeId, int port, int gridA, int gridB, String cluster) {
    return Map.of(Settings.NODE_ID, nodeId, Settings.CLUSTER_ENABLED, true, Settings.CLUSTER_PORT, port,
      Settings.CLUSTER_MEMBERS, "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB, Settings.CLUSTER_NAME, cluster,
      Settings.VERTICLES, "scaling", Settings.SCALING_ACTUATOR, "none", Settings.SCALING_LEASE_MS, 2000,
      Settings.SCALING_INTERVAL_MS, 200, Settings.REPORT_INTERVAL_MS, 300);
  }

  private static HazelcastInstance member(int port) {
    return Hazelcast.getAllHazelcastInstances().stream()
      .filter(h -> h.getCluster().getLocalMember().getAddress().getPort() == port).findFirst().orElseThrow();
  }

  private static String awaitHolder(HazelcastInstance member, Set<String> expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    String holder = null;
    while (System.currentTimeMillis() < deadline) {
      holder = member.<String, String>getMap(GridMap.SCALER_LEASE.mapName()).get(ScalerLease.KEY);
      if (holder != null && expected.contains(holder)) {
        return holder;
      }
      Thread.sleep(100);
    }
    return holder;
  }

  private static Set<String> recorders(HazelcastInstance member) throws Exception {
    Ringbuffer<String> ring = member.getRingbuffer(GridRingbuffer.SCALING_DECISIONS.ringbufferName());
    Set<String> nodes = new HashSet<>();
    if (ring.tailSequence() < ring.headSequence()) {
      return nodes;
    }
    ring.readManyAsync(ring.headSequence(), 0, 1000, null).toCompletableFuture().get(10, TimeUnit.SECONDS)
      .forEach(item -> nodes.add(new JsonObject(item).getString("scalerNode")));
    return nodes;
  }

  private static void stopQuietly(TestNodes.Running node) {
    try {
      node.stop();
    } catch (Exception e) {
      System.out.println("stopping " + node.node().state().nodeId() + ": " + e);
    }
  }
}
