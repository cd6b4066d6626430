package kraken;

import io.vertx.core.buffer.Buffer;
import kraken.bus.AssessmentBatch;
import kraken.bus.Classification;
import kraken.bus.ContactUpdate;
import kraken.bus.Observation;
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
        new byte[]{-1}, Classification.Secret, Priority.Medium),
      new SensorReading("r6", "s6", 6_000L, new SensorType.SonarActive(0.5, 8000, 123.25), new byte[0],
        Classification.Secret, Priority.High),
      new SensorReading("r7", "s7", 7_000L, new SensorType.SatelliteSignals(
        new SensorType.FrequencyRange(9300, 9500), -70, 59.61, 10.72), new byte[0], Classification.Secret, Priority.Low),
      new SensorReading("r8", "s8", 8_000L, new SensorType.CommsIntercept(156.8, SensorType.Encryption.None, 359.5),
        new byte[0], Classification.Secret, Priority.Low));
    ReadingBatch batch = new ReadingBatch("node-a", 42L, readings);
    ReadingBatchCodec codec = new ReadingBatchCodec();
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, batch);
    ReadingBatch decoded = codec.decodeFromWire(6, wire);
    assertThat(decoded.ingestNode()).isEqualTo("node-a");
    assertThat(decoded.receivedAt()).isEqualTo(42L);
    assertThat(decoded.readings()).hasSize(8);
    assertThat(decoded.readings().get(1).sensorType()).as("absent geometry stays absent")
      .isEqualTo(new SensorType.SonarActive(0.4, 9000, null));
    assertThat(decoded.readings().get(6).sensorType()).isEqualTo(new SensorType.SatelliteSignals(
      new SensorType.FrequencyRange(9300, 9500), -70, 59.61, 10.72));
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
    ThreatAssessment assessment = new ThreatAssessment("C-1", ThreatLevel.Hostile, 0.75, 0.2, RecommendedAction.Intercept,
      null, List.of("evidence"), List.of("sonar-ab12cd", "fusion-34ef56"), true, "timeout", 99L);
    AssessmentBatch batch = new AssessmentBatch("node-b", 3, List.of(
      new ContactUpdate(assessment, List.of("s1"), List.of("SonarPassive"), "r3", 800L, 1_000L, 900L,
        new long[] {ContactUpdate.readingKey("s1", "r1"), Long.MIN_VALUE, -1L})));
    AssessmentBatch decoded = AssessmentBatch.fromJson(batch.toJson());
    assertThat(decoded.toJson()).isEqualTo(batch.toJson());
    assertThat(decoded.updates().get(0).readingKeys()).containsExactly(ContactUpdate.readingKey("s1", "r1"),
      Long.MIN_VALUE, -1L);
  }

  @Test
  @DisplayName("a contact update carries its readings' geometry as observations through JSON; old JSON has none")
  void observationsRoundTrip() {
    ThreatAssessment assessment = new ThreatAssessment("C-s1", ThreatLevel.Benign, 0.5, null, RecommendedAction.Monitor,
      null, List.of(), List.of("rules-1"), false, null, 5L);
    SensorReading echo = new SensorReading("r1", "bow:T1", 1_000L, new SensorType.SonarActive(0.5, 8000, 45.5),
      new byte[0], Classification.Secret, Priority.High);
    SensorReading optical = new SensorReading("r2", "sat:T2", 2_000L, new SensorType.SatelliteOptical(59.6, 10.7, 16),
      new byte[0], Classification.Secret, Priority.High);
    SensorReading silentComms = new SensorReading("r3", "comms:T3", 3_000L,
      new SensorType.CommsIntercept(156.8, SensorType.Encryption.None), new byte[0], Classification.Secret, Priority.High);
    List<Observation> observations = java.util.stream.Stream.of(echo, optical, silentComms).map(Observation::of)
      .filter(java.util.Objects::nonNull).toList();
    assertThat(observations).containsExactly(
      new Observation(1_000L, "bow:T1", "SonarActive", 45.5, 6_000.0, null, null),
      new Observation(2_000L, "sat:T2", "SatelliteOptical", null, null, 59.6, 10.7));
    ContactUpdate update = new ContactUpdate(assessment, List.of("bow:T1"), List.of("SonarActive"), "r1", 1_000L,
      2_000L, 10L, new long[] {1L}, observations);
    ContactUpdate decoded = ContactUpdate.fromJson(update.toJson());
    assertThat(decoded.observations()).isEqualTo(observations);
    io.vertx.core.json.JsonObject old = update.toJson();
    old.remove("observations");
    assertThat(ContactUpdate.fromJson(old).observations()).isEmpty();
  }
}
