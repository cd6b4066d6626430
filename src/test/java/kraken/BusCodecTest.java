package kraken;

import io.vertx.core.buffer.Buffer;
import kraken.bus.AssessmentBatch;
import kraken.bus.Classification;
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
}
