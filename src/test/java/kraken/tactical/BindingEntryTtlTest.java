package kraken.tactical;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.EntryView;
import com.hazelcast.map.IMap;
import io.vertx.core.json.JsonObject;
import kraken.config.Settings;
import kraken.grid.GridMap;
import kraken.support.Http;
import kraken.support.Readings;
import kraken.support.TestNodes;
import kraken.tactical.picture.Association;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sequence of {@link BindingReleaseTest} (a passive sonar's bearings agree with a satellite's fix, then point
 * elsewhere), looking at the bindings map itself: pending joins and miss counters expire (a vanished track's entries
 * do not stay forever), a confirmed binding does not.
 */
@DisplayName("Pending joins and gate-miss counters in the bindings map have a time to live; bindings have none")
class BindingEntryTtlTest {

  private static final double OWN_LAT = 59.5;
  private static final double OWN_LON = 10.6;
  private static final double VESSEL_LAT = OWN_LAT + 5000 * Math.cos(Math.toRadians(45)) / 111_320;
  private static final double VESSEL_LON = OWN_LON
    + 5000 * Math.sin(Math.toRadians(45)) / (111_320 * Math.cos(Math.toRadians(OWN_LAT)));
  private static final String SONAR = "ttl-sonar";
  private static TestNodes.Running node;
  private static long t0;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.TACTICAL_OWN_SHIP_LAT, OWN_LAT, Settings.TACTICAL_OWN_SHIP_LON, OWN_LON));
    t0 = System.currentTimeMillis() - 120_000;
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static void post(JsonObject reading) throws Exception {
    HttpResponse<String> ack = Http.postJson("http://127.0.0.1:" + node.ingestPort() + "/api/v1/sensors/data",
      reading.encode());
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
  }

  private static void step(int step, double sonarBearing) throws Exception {
    Instant at = Instant.ofEpochMilli(t0 + step * 2000L);
    post(Readings.comms("ttl-sat-" + step, "ttl-sat", "None").put("timestamp", at.toString())
      .put("sensorType", new JsonObject().put("type", "SatelliteOptical").put("lat", VESSEL_LAT).put("lon", VESSEL_LON)
        .put("zoomLevel", 16)));
    post(Readings.passiveSonar("ttl-sonar-" + step, SONAR, 0.00006, sonarBearing).put("timestamp", at.toString()));
  }

  /** The node's bindings map (this JVM may hold other tests' grids: the one that holds the entry). */
  private static IMap<String, String> bindingsHolding(String key) {
    for (HazelcastInstance hz : Hazelcast.getAllHazelcastInstances()) {
      IMap<String, String> map = hz.getMap(GridMap.TRACK_BINDINGS.mapName());
      if (map.containsKey(key)) {
        return map;
      }
    }
    throw new AssertionError("no grid in this JVM holds the bindings entry " + key);
  }

  private static long ttlOf(IMap<String, String> map, String key) {
    EntryView<String, String> view = map.getEntryView(key);
    assertThat(view).as("bindings entry %s", key).isNotNull();
    return view.getTtl();
  }

  @Test
  @DisplayName("a pending join expires after twice the longer of window and confirmation span; the binding never; a miss run expires")
  void transientEntriesExpire() throws Exception {
    long transientTtl = Association.transientTtlMs(Settings.ASSOCIATION_WINDOW_MS.defaultValue());
    step(0, 45);
    step(1, 45); // the sonar's first bearing gated into the satellite's contact: a pending join
    IMap<String, String> bindings = bindingsHolding(SONAR);
    assertThat(bindings.get(SONAR)).as("a pending join").startsWith("?C-ttl-sat|");
    assertThat(ttlOf(bindings, SONAR)).as("the pending join's time to live").isEqualTo(transientTtl);

    for (int k = 2; k <= 10; k++) {
      step(k, 45);
    }
    assertThat(bindings.get(SONAR)).as("confirmed").isEqualTo("C-ttl-sat");
    assertThat(ttlOf(bindings, SONAR)).as("the binding's time to live (none)")
      .isNotEqualTo(transientTtl).isGreaterThan(transientTtl);

    step(11, 200); // a miss: a run of one
    assertThat(bindings.get("!" + SONAR)).isEqualTo("1");
    assertThat(ttlOf(bindings, "!" + SONAR)).as("the miss counter's time to live").isEqualTo(transientTtl);
    assertThat(bindings.get(SONAR)).as("still bound after one miss").isEqualTo("C-ttl-sat");
    assertThat(ttlOf(bindings, SONAR)).isGreaterThan(transientTtl);
  }
}
