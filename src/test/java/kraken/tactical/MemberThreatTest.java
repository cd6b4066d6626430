package kraken.tactical;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;
import kraken.tactical.picture.TrackSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A fused contact shows its most dangerous member track's assessment, not the newest reading's")
class MemberThreatTest {

  private static final DuplicateWindow WINDOW = new DuplicateWindow(30_000, 100_000);
  /** A member track's assessment counts for 60 s of sensor time after its newest reading. */
  private static final TrackSettings SETTINGS = new TrackSettings(59.5, 10.6, 8, 60_000);

  private static ContactUpdate update(String sensor, ThreatLevel level, double confidence, long at, String readingId) {
    ThreatAssessment assessment = new ThreatAssessment("C-1", level, confidence, null, RecommendedAction.Track, null,
      List.of("evidence of " + sensor + "/" + readingId), List.of("rules-1"), false, null, at);
    return new ContactUpdate(assessment, List.of(sensor), List.of("SonarPassive"), readingId, at, at, at,
      new long[] {ContactUpdate.readingKey(sensor, readingId)});
  }

  private static Contact fold(ContactUpdate... updates) {
    Contact contact = Contact.named("C-1");
    for (ContactUpdate u : updates) {
      contact.fold(u, u.receivedAt(), WINDOW, SETTINGS);
    }
    return contact;
  }

  @Test
  @DisplayName("a newer benign reading of one track does not hide another track's hostile assessment, and the evidence names the hostile track")
  void mostDangerousMemberDecides() {
    Contact contact = fold(update("sonar:T1", ThreatLevel.Hostile, 0.7, 10_000L, "h1"),
      update("optical:T2", ThreatLevel.Benign, 0.9, 20_000L, "b1"));
    ContactSummary summary = contact.summary();
    assertThat(summary.threatLevel()).isEqualTo(ThreatLevel.Hostile);
    assertThat(summary.confidence()).isEqualTo(0.7);
    assertThat(summary.evidence().get(0)).contains("sonar:T1").contains("Hostile").contains("2 member tracks");
    assertThat(summary.evidence()).contains("evidence of sonar:T1/h1");
    assertThat(summary.lastReadingId()).as("still the contact's newest reading").isEqualTo("b1");
  }

  @Test
  @DisplayName("the same track's newer assessment replaces its older one: a track that calms down lowers the contact")
  void aTracksNewerAssessmentReplacesItsOlder() {
    Contact contact = fold(update("sonar:T1", ThreatLevel.Hostile, 0.7, 10_000L, "h1"),
      update("optical:T2", ThreatLevel.Benign, 0.9, 12_000L, "b1"),
      update("sonar:T1", ThreatLevel.Suspicious, 0.6, 14_000L, "s1"));
    assertThat(contact.summary().threatLevel()).isEqualTo(ThreatLevel.Suspicious);
    assertThat(contact.summary().evidence().get(0)).contains("sonar:T1");
  }

  @Test
  @DisplayName("at equal level the more confident track decides, and at equal confidence the newer")
  void tiesGoToConfidenceThenNewest() {
    Contact byConfidence = fold(update("a:T1", ThreatLevel.Suspicious, 0.5, 10_000L, "a1"),
      update("b:T2", ThreatLevel.Suspicious, 0.8, 9_000L, "b1"));
    assertThat(byConfidence.summary().confidence()).isEqualTo(0.8);
    assertThat(byConfidence.summary().evidence().get(0)).contains("b:T2");

    Contact byTime = fold(update("a:T1", ThreatLevel.Suspicious, 0.5, 10_000L, "a1"),
      update("b:T2", ThreatLevel.Suspicious, 0.5, 11_000L, "b1"));
    assertThat(byTime.summary().evidence().get(0)).contains("b:T2");
    Contact byTimeOtherOrder = fold(update("b:T2", ThreatLevel.Suspicious, 0.5, 11_000L, "b1"),
      update("a:T1", ThreatLevel.Suspicious, 0.5, 10_000L, "a1"));
    assertThat(byTimeOtherOrder.summary().evidence()).as("arrival order does not matter")
      .isEqualTo(byTime.summary().evidence());
  }

  @Test
  @DisplayName("a member track silent for longer than the window stops counting; the only member always counts")
  void staleMemberStopsCounting() {
    Contact contact = fold(update("sonar:T1", ThreatLevel.Hostile, 0.7, 10_000L, "h1"),
      update("optical:T2", ThreatLevel.Benign, 0.9, 10_000L + 60_000L, "b1"));
    assertThat(contact.summary().threatLevel()).as("hostile reading exactly one window old").isEqualTo(ThreatLevel.Hostile);
    contact.fold(update("optical:T2", ThreatLevel.Benign, 0.9, 10_000L + 60_001L, "b2"), 80_000L, WINDOW, SETTINGS);
    assertThat(contact.summary().threatLevel()).as("hostile reading older than the window").isEqualTo(ThreatLevel.Benign);
    assertThat(contact.summary().evidence().get(0)).contains("optical:T2").contains("1 member tracks");

    Contact alone = fold(update("sonar:T1", ThreatLevel.Hostile, 0.7, 10_000L, "h1"));
    alone.fold(update("sonar:T1", ThreatLevel.Hostile, 0.7, 500_000L, "h2"), 500_000L, WINDOW, SETTINGS);
    assertThat(alone.summary().threatLevel()).isEqualTo(ThreatLevel.Hostile);
    assertThat(alone.summary().evidence()).as("a single track's evidence is as inference gave it")
      .containsExactly("evidence of sonar:T1/h2");
  }

  @Test
  @DisplayName("a late reading of a track does not overwrite that track's newer assessment")
  void lateReadingOfATrack() {
    Contact contact = fold(update("sonar:T1", ThreatLevel.Benign, 0.7, 20_000L, "new"),
      update("optical:T2", ThreatLevel.Benign, 0.9, 20_000L, "b1"),
      update("sonar:T1", ThreatLevel.ImmediateThreat, 0.9, 5_000L, "old"));
    assertThat(contact.summary().threatLevel()).isEqualTo(ThreatLevel.Benign);
  }

  @Test
  @DisplayName("member assessments cross the grid's binary form and the backup's fold decides as the primary's")
  void membersSurviveTheWire() {
    SerializationService serialization = new DefaultSerializationServiceBuilder()
      .addDataSerializableFactory(TacticalGridTypes.FACTORY_ID, TacticalGridTypes.factory()).build();
    Contact primary = fold(update("sonar:T1", ThreatLevel.Hostile, 0.7, 10_000L, "h1"));
    Contact backup = serialization.toObject(serialization.toData(primary));
    FoldReadings fold = new FoldReadings(update("optical:T2", ThreatLevel.Benign, 0.9, 20_000L, "b1"), 20_000L,
      WINDOW, SETTINGS);
    FoldReadings shipped = serialization.toObject(serialization.toData(fold));
    fold.process(new AbstractMap.SimpleEntry<>("C-1", primary));
    shipped.process(new AbstractMap.SimpleEntry<>("C-1", backup));
    assertThat(backup.summary()).isEqualTo(primary.summary());
    assertThat(backup.summary().threatLevel()).isEqualTo(ThreatLevel.Hostile);
  }
}
