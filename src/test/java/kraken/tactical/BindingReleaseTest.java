package kraken.tactical;

import io.vertx.core.json.JsonObject;
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
 * A crafted sequence through the real node (ingest, rules inference, association, fold): a passive sonar's bearings
 * agree with a satellite's fixed position long enough to bind the sonar track to the satellite's contact; then its
 * bearings point elsewhere. Sensor times are set in the readings, two seconds apart, so that the join's confirmation
 * span is met without waiting.
 */
@DisplayName("A bound sensor track whose observations miss its contact's gate several times in a row is released")
class BindingReleaseTest {

  private static final double OWN_LAT = 59.5;
  private static final double OWN_LON = 10.6;
  /** The vessel: 5 km from own ship at bearing 45. */
  private static final double VESSEL_LAT = OWN_LAT + 5000 * Math.cos(Math.toRadians(45)) / 111_320;
  private static final double VESSEL_LON = OWN_LON
    + 5000 * Math.sin(Math.toRadians(45)) / (111_320 * Math.cos(Math.toRadians(OWN_LAT)));
  private static TestNodes.Running node;
  private static long t0;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(kraken.config.Settings.TACTICAL_OWN_SHIP_LAT, OWN_LAT,
      kraken.config.Settings.TACTICAL_OWN_SHIP_LON, OWN_LON));
    t0 = System.currentTimeMillis() - 120_000;
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static Instant at(int step) {
    return Instant.ofEpochMilli(t0 + step * 2000L);
  }

  private static void post(JsonObject reading) throws Exception {
    HttpResponse<String> ack = Http.postJson("http://127.0.0.1:" + node.ingestPort() + "/api/v1/sensors/data",
      reading.encode());
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
  }

  /** The satellite's fix of the vessel, then the sonar's bearing, at one step of sensor time. */
  private static void step(int step, double sonarBearing) throws Exception {
    post(Readings.comms("rel-sat-" + step, "rel-sat", "None").put("timestamp", at(step).toString())
      .put("sensorType", new JsonObject().put("type", "SatelliteOptical").put("lat", VESSEL_LAT).put("lon", VESSEL_LON)
        .put("zoomLevel", 16)));
    post(Readings.passiveSonar("rel-sonar-" + step, "rel-sonar", 0.00006, sonarBearing)
      .put("timestamp", at(step).toString()));
  }

  private static JsonObject contact(String id) throws Exception {
    HttpResponse<String> response = Http.get("http://127.0.0.1:" + node.tacticalPort() + "/api/v1/contacts/" + id);
    assertThat(response.statusCode()).as(id + ": " + response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  @Test
  @DisplayName("bound after agreeing bearings; a miss then a hit keeps it; three misses in a row found its own contact")
  void releasedAfterMissesInARow() throws Exception {
    step(0, 45); // the satellite's contact exists before the sonar's first bearing is gated against it
    for (int k = 1; k <= 10; k++) {
      step(k, 45);
    }
    assertThat(contact("C-rel-sat").getString("lastReadingId")).as("the sonar track joined the satellite's contact")
      .isEqualTo("rel-sonar-10");

    step(11, 200); // a miss
    step(12, 45); // a hit ends the run
    step(13, 200);
    step(14, 200); // two misses in a row: still bound
    assertThat(Association.MISSES_TO_RELEASE).isEqualTo(3);
    assertThat(contact("C-rel-sat").getString("lastReadingId")).as("still bound after a broken run of misses")
      .isEqualTo("rel-sonar-14");

    step(15, 200); // the third miss in a row: released, and with no other contact to join it founds its own
    assertThat(contact("C-rel-sat").getString("lastReadingId")).isEqualTo("rel-sat-15");
    assertThat(contact("C-rel-sonar").getString("lastReadingId")).isEqualTo("rel-sonar-15");
    step(16, 200);
    assertThat(contact("C-rel-sonar").getString("lastReadingId")).as("its new binding holds")
      .isEqualTo("rel-sonar-16");
    assertThat(contact("C-rel-sat").getString("lastReadingId")).isEqualTo("rel-sat-16");
  }
}
