package kraken;

import kraken.bus.Classification;
import kraken.bus.ContactUpdate;
import kraken.bus.ReadingBatch;
import kraken.bus.Priority;
import kraken.bus.RecommendedAction;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.bus.ThreatLevel;
import kraken.inference.ContactFusion;
import kraken.inference.RuleBasedScorer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The rule-based scorer decides as documented")
class DecisionRulesTest {

  private final RuleBasedScorer scorer = new RuleBasedScorer();

  private static SensorReading reading(SensorType type, Priority priority) {
    return new SensorReading("r", "s", 1L, type, new byte[0], Classification.Secret, priority);
  }

  @Test
  @DisplayName("active sonar escalates with echo strength and proximity, and time to threat follows the range")
  void activeSonar() {
    RuleBasedScorer.Score far = scorer.score(reading(new SensorType.SonarActive(0.1, 40_000), Priority.Medium));
    RuleBasedScorer.Score solidFar = scorer.score(reading(new SensorType.SonarActive(0.4, 20_000), Priority.Medium));
    RuleBasedScorer.Score solidNear = scorer.score(reading(new SensorType.SonarActive(0.4, 8_000), Priority.Medium));
    RuleBasedScorer.Score close = scorer.score(reading(new SensorType.SonarActive(0.9, 1_000), Priority.Medium));
    assertThat(far.level()).isEqualTo(ThreatLevel.Benign);
    assertThat(solidFar.level()).isEqualTo(ThreatLevel.Suspicious);
    assertThat(solidNear.level()).isEqualTo(ThreatLevel.Hostile);
    assertThat(solidNear.timeToThreatMs()).isEqualTo(600_000L); // 6000 m at 10 m/s
    assertThat(solidNear.action()).isEqualTo(RecommendedAction.Intercept);
    assertThat(close.level()).isEqualTo(ThreatLevel.ImmediateThreat);
    assertThat(close.timeToThreatMs()).isEqualTo(75_000L); // 750 m
    assertThat(close.action()).isEqualTo(RecommendedAction.Engage);
    RuleBasedScorer.Score veryClose = scorer.score(reading(new SensorType.SonarActive(0.9, 400), Priority.Medium));
    assertThat(veryClose.action()).isEqualTo(RecommendedAction.EmergencySurface);
  }

  @Test
  @DisplayName("Critical priority raises the level one step and says so in the evidence")
  void criticalPriority() {
    RuleBasedScorer.Score score = scorer.score(reading(new SensorType.CommsIntercept(150, SensorType.Encryption.None),
      Priority.Critical));
    assertThat(score.level()).isEqualTo(ThreatLevel.Suspicious);
    assertThat(score.evidence()).anyMatch(e -> e.contains("flagged the reading Critical"));
  }

  @Test
  @DisplayName("signals: a strong X-band emitter is hostile, a weak one benign")
  void signals() {
    assertThat(scorer.score(reading(new SensorType.SatelliteSignals(new SensorType.FrequencyRange(9300, 9500), -65),
      Priority.Low)).level()).isEqualTo(ThreatLevel.Hostile);
    assertThat(scorer.score(reading(new SensorType.SatelliteSignals(new SensorType.FrequencyRange(100, 200), -120),
      Priority.Low)).level()).isEqualTo(ThreatLevel.Benign);
  }

  @Test
  @DisplayName("fusion: the most dangerous reading sets the level, and time to threat comes from readings at that level")
  void fusionTakesTimeToThreatFromTheDecidingLevel() {
    ContactFusion fusion = new ContactFusion(scorer);
    SensorReading closeButWeak = new SensorReading("a", "s", 1_000L, new SensorType.SonarActive(0.1, 1200),
      new byte[0], Classification.Secret, Priority.Medium);
    SensorReading farButSolid = new SensorReading("b", "s", 2_000L, new SensorType.SonarActive(0.4, 12_000),
      new byte[0], Classification.Secret, Priority.Medium);
    ContactUpdate update = fusion.updates(new ReadingBatch("n", 5L, List.of(closeButWeak, farButSolid)), 9L).get(0);
    assertThat(update.assessment().threatLevel()).isEqualTo(ThreatLevel.Hostile);
    assertThat(update.assessment().timeToThreatMs()).as("9000 m at 10 m/s, not the benign echo's 90 s")
      .isEqualTo(900_000L);
    assertThat(update.assessment().recommendedAction()).isEqualTo(RecommendedAction.Intercept);
    assertThat(update.readingCount()).isEqualTo(2);
    assertThat(update.firstReadingAt()).isEqualTo(1_000L);
    assertThat(update.lastReadingAt()).isEqualTo(2_000L);
    assertThat(update.lastReadingId()).isEqualTo("b");
  }

  @Test
  @DisplayName("fusion: the deciding reading's evidence comes first, however many harmless readings precede it")
  void fusionEvidenceLeadsWithTheDecidingReading() {
    ContactFusion fusion = new ContactFusion(scorer);
    List<SensorReading> readings = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      readings.add(new SensorReading("w" + i, "s", 1_000L + i, new SensorType.SonarActive(0.05, 20_000 + i),
        new byte[0], Classification.Secret, Priority.Medium));
    }
    readings.add(new SensorReading("strong", "s", 5_000L, new SensorType.SonarActive(0.95, 1_000), new byte[0],
      Classification.Secret, Priority.Medium));
    ContactUpdate update = fusion.updates(new ReadingBatch("n", 5L, readings), 9L).get(0);
    assertThat(update.assessment().threatLevel()).isEqualTo(ThreatLevel.ImmediateThreat);
    assertThat(update.assessment().evidence()).hasSizeLessThanOrEqualTo(8);
    assertThat(update.assessment().evidence().get(0)).contains("strong echo inside 2000 m");
    assertThat(update.readingKeys()).as("one key per reading, by sensor and id")
      .containsExactly(readings.stream().mapToLong(r -> ContactUpdate.readingKey(r.sensorId(), r.id())).toArray());
  }
}
