package kraken.tactical;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.bus.Observation;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;
import kraken.tactical.picture.LocalPlane;
import kraken.tactical.picture.TrackSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("A contact's track estimates course, speed and closest approach, keeps a bounded history, and survives backups")
class ContactTrackTest {

  private static final DuplicateWindow WINDOW = new DuplicateWindow(30_000, 100_000);
  private static final TrackSettings SETTINGS = new TrackSettings(59.5, 10.6, 5);
  private static final LocalPlane PLANE = SETTINGS.plane();

  /** A vessel 10 km north, 500 m east, heading south at 8 m/s: it passes own ship 500 m abeam in 1250 s. */
  private static Contact closingVessel() {
    Contact contact = Contact.named("C-sat-optical:T1");
    for (int i = 0; i < 20; i++) {
      long at = 1_000_000L + i * 5_000L;
      double north = 10_000 - 8 * (i * 5.0);
      Observation fix = new Observation(at, "sat-optical:T1", "SatelliteOptical", null, null, PLANE.lat(north),
        PLANE.lon(500));
      ThreatAssessment a = new ThreatAssessment("C-sat-optical:T1", ThreatLevel.Suspicious, 0.6, null,
        RecommendedAction.Track, 999L, List.of(), List.of("rules-1"), false, null, at);
      contact.fold(new ContactUpdate(a, List.of("sat-optical:T1"), List.of("SatelliteOptical"), "r" + i, at, at, at,
        new long[] {ContactUpdate.readingKey("sat-optical:T1", "r" + i)}, List.of(fix)), at, WINDOW, SETTINGS);
    }
    return contact;
  }

  @Test
  @DisplayName("a closing vessel's track shows its course, speed, CPA and time to CPA as its time to threat")
  void closingVesselTrack() {
    JsonObject json = closingVessel().summary().toJson();
    assertThat(json.getDouble("speedMps")).isCloseTo(8, within(0.5));
    assertThat(json.getDouble("course")).isCloseTo(180, within(2.0));
    assertThat(json.getDouble("bearing")).isCloseTo(Math.toDegrees(Math.atan2(500, 9_240)), within(0.5));
    assertThat(json.getJsonObject("cpa").getDouble("rangeM")).isCloseTo(500, within(60.0));
    long lastFix = 1_000_000L + 19 * 5_000L;
    assertThat(json.getJsonObject("cpa").getLong("atMs") - lastFix).isCloseTo(9_240 / 8 * 1000L, within(40_000L));
    assertThat(json.getLong("timeToThreatMs")).as("from the track, not the assessment's 999")
      .isEqualTo(json.getJsonObject("cpa").getLong("atMs") - lastFix);
    assertThat(json.getJsonArray("history")).hasSize(5);
    assertThat(json.getJsonArray("history").getJsonObject(4).getLong("at")).isEqualTo(lastFix);
  }

  @Test
  @DisplayName("the track and its view cross the grid's binary form unchanged")
  void binaryRoundTrip() {
    SerializationService serialization = new DefaultSerializationServiceBuilder()
      .addDataSerializableFactory(TacticalGridTypes.FACTORY_ID, TacticalGridTypes.factory()).build();
    Contact primary = closingVessel();
    Contact backup = serialization.toObject(serialization.toData(primary));
    ContactSummary before = primary.summary();
    assertThat(backup.summary().toJson()).isEqualTo(before.toJson());
    assertThat(ContactSummary.fromJson(before.toJson()).toJson()).isEqualTo(before.toJson());
  }

  @Test
  @DisplayName("a contact without geometry shows no track and keeps the assessment's time to threat")
  void noGeometry() {
    Contact contact = Contact.named("C-x");
    ThreatAssessment a = new ThreatAssessment("C-x", ThreatLevel.Hostile, 0.6, null, RecommendedAction.Track, 42L,
      List.of(), List.of("rules-1"), false, null, 1L);
    contact.fold(new ContactUpdate(a, List.of("x"), List.of("CommsIntercept"), "r", 1L, 1L, 1L, new long[] {7L}), 1L,
      WINDOW);
    JsonObject json = contact.summary().toJson();
    assertThat(json.getValue("position")).isNull();
    assertThat(json.getValue("cpa")).isNull();
    assertThat(json.getJsonArray("history")).isEmpty();
    assertThat(json.getLong("timeToThreatMs")).isEqualTo(42L);
  }
}
