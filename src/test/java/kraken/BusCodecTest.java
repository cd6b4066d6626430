package kraken;

import io.vertx.core.buffer.Buffer;
import kraken.bus.AssessmentBatch;
import kraken.bus.Classification;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.bus.Priority;
import kraken.bus.ReadingBatch;
import kraken.bus.ReadingBatchCodec;
import kraken.bus.RecommendedAction;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The bus contract survives the wire between nodes")
class BusCodecTest {

  @Test
  @DisplayName("a reading batch of every sensor kind round-trips through the binary cluster codec")
  void readingBatchRoundTrip() {
    List<SensorReading> readings = List.of(
      new SensorReading("r1", "s1", 1_000L, new SensorType.SonarPassive(0.00006, 212.5), new byte[]{1, 2, 3},
        Classification.Secret, Priority.High),
      new SensorReading("r2", "s2", 2_000L, new SensorType.SonarActive(0.4, 9000), new byte[0],
        Classification.Unclassified, Priority.Low),
      new SensorReading("r3", "s3", 3_000L, new SensorType.SatelliteOptical(59.3, -10.5, 16), new byte[0],
        Classification.TopSecret, Priority.Critical),
      new SensorReading("r4", "s4", 4_000L, new SensorType.SatelliteSignals(
        new SensorType.FrequencyRange(9300, 9500), -68.5), new byte[0], Classification.Confidential, Priority.Medium),
      new SensorReading("r5", "sensör-5", 5_000L, new SensorType.CommsIntercept(156.8, SensorType.Encryption.Military),
        new byte[]{-1}, Classification.Secret, Priority.Medium));
    ReadingBatch batch = new ReadingBatch("node-a", 42L, readings);
    ReadingBatchCodec codec = new ReadingBatchCodec();
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, batch);
    ReadingBatch decoded = codec.decodeFromWire(6, wire);
    assertThat(decoded.ingestNode()).isEqualTo("node-a");
    assertThat(decoded.receivedAt()).isEqualTo(42L);
    assertThat(decoded.readings()).hasSize(5);
    for (int i = 0; i < readings.size(); i++) {
      SensorReading in = readings.get(i);
      SensorReading out = decoded.readings().get(i);
      assertThat(out).usingRecursiveComparison().ignoringFields("payload").isEqualTo(in);
      assertThat(out.payload()).isEqualTo(in.payload());
    }
    assertThat(codec.transform(batch)).as("in one JVM the same instance is delivered").isSameAs(batch);
  }

  @Test
  @DisplayName("an assessment batch round-trips through JSON, null time-to-threat included")
  void assessmentBatchRoundTrip() {
    ThreatAssessment assessment = new ThreatAssessment("C-1", ThreatLevel.Hostile, 0.75, RecommendedAction.Intercept,
      null, List.of("evidence"), "rules-1", 99L);
    AssessmentBatch batch = new AssessmentBatch("node-b", 3, List.of(
      new ContactUpdate(assessment, List.of("s1"), List.of("SonarPassive"), 3, "r3", 800L, 1_000L, 900L, "fp-1")));
    assertThat(AssessmentBatch.fromJson(batch.toJson())).isEqualTo(batch);
  }

  @Test
  @DisplayName("a late update adds its readings to a contact but does not overwrite a newer assessment")
  void lateUpdateDoesNotOverwrite() {
    ThreatAssessment newer = new ThreatAssessment("C-1", ThreatLevel.Hostile, 0.8, RecommendedAction.Intercept,
      null, List.of("new"), "rules-1", 10L);
    ThreatAssessment older = new ThreatAssessment("C-1", ThreatLevel.Benign, 0.5, RecommendedAction.Monitor,
      null, List.of("old"), "rules-1", 11L);
    ContactSummary contact = ContactSummary.first(
      new ContactUpdate(newer, List.of("s1"), List.of("SonarPassive"), 1, "r-new", 2_000L, 2_000L, 1L, "fp-new"), 100L)
      .merge(new ContactUpdate(older, List.of("s2"), List.of("CommsIntercept"), 2, "r-old", 500L, 1_000L, 1L, "fp-old"), 200L);
    assertThat(contact.threatLevel()).isEqualTo(ThreatLevel.Hostile);
    assertThat(contact.lastReadingId()).isEqualTo("r-new");
    assertThat(contact.readingCount()).isEqualTo(3);
    assertThat(contact.sensorIds()).containsExactly("s1", "s2");
    assertThat(contact.firstSeenAt()).as("the earliest reading of the late batch").isEqualTo(500L);
    assertThat(contact.lastSeenAt()).isEqualTo(2_000L);
    assertThat(contact.recentUpdates()).containsExactly("fp-new", "fp-old");
    assertThat(ContactSummary.fromJson(contact.toStoredJson())).isEqualTo(contact);
  }
}
