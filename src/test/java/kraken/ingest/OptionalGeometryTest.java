package kraken.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.ingest.tcp.FrameEncoder;
import kraken.ingest.tcp.ReadingsFrame;
import kraken.ingest.tcp.Wire;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Readings may carry optional geometry, judged strictly when present, in JSON and on the TCP wire")
class OptionalGeometryTest {

  private static final long NOW = 1_800_000_000_000L;

  private static JsonObject reading(JsonObject sensorType) {
    return new JsonObject().put("id", "r-1").put("sensorId", "bow:T1").put("timestamp", NOW - 1_000)
      .put("sensorType", sensorType);
  }

  private static ReadingRules.Verdict parse(JsonObject sensorType) {
    return ReadingParser.parse(0, reading(sensorType), NOW);
  }

  @Test
  @DisplayName("JSON readings without geometry are accepted as before, and with it carry it")
  void jsonWithAndWithout() {
    ReadingRules.Verdict without = parse(new JsonObject().put("type", "SonarActive").put("pingStrength", 0.5)
      .put("returnTimeMs", 8000));
    ReadingRules.Verdict with = parse(new JsonObject().put("type", "SatelliteSignals")
      .put("frequencyRange", new JsonObject().put("lowMhz", 9300).put("highMhz", 9500)).put("signalStrength", -70)
      .put("lat", 59.6).put("lon", 10.7));
    assertThat(without.ok()).isTrue();
    assertThat(without.reading().sensorType()).isEqualTo(new SensorType.SonarActive(0.5, 8000, null));
    assertThat(without.reading().sensorType().toJson().fieldNames()).doesNotContain("bearing");
    assertThat(with.ok()).isTrue();
    assertThat(with.reading().sensorType()).isEqualTo(new SensorType.SatelliteSignals(
      new SensorType.FrequencyRange(9300, 9500), -70, 59.6, 10.7));
  }

  @Test
  @DisplayName("a bearing out of range is refused naming the field and the allowed range")
  void bearingOutOfRange() {
    ReadingRules.Verdict verdict = parse(new JsonObject().put("type", "CommsIntercept").put("frequencyMhz", 156.8)
      .put("encryptionType", "None").put("bearing", 360));
    assertThat(verdict.ok()).isFalse();
    assertThat(verdict.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("sensorType.bearing");
      assertThat(p.reason()).isEqualTo(Problem.Reason.invalid_value);
      assertThat(p.message()).isEqualTo("360.0 is out of range: expected at least 0 and below 360 (degrees)");
    });
  }

  @Test
  @DisplayName("a latitude without its longitude is refused: optional geometry comes whole")
  void latitudeWithoutLongitude() {
    ReadingRules.Verdict verdict = parse(new JsonObject().put("type", "SatelliteSignals")
      .put("frequencyRange", new JsonObject().put("lowMhz", 9300).put("highMhz", 9500)).put("signalStrength", -70)
      .put("lat", 59.6));
    assertThat(verdict.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("sensorType.lon");
      assertThat(p.reason()).isEqualTo(Problem.Reason.missing_field);
      assertThat(p.message()).contains("lat, lon come together");
    });
  }

  @Test
  @DisplayName("a bearing given as a string is refused, not coerced")
  void bearingAsString() {
    ReadingRules.Verdict verdict = parse(new JsonObject().put("type", "SonarActive").put("pingStrength", 0.5)
      .put("returnTimeMs", 8000).put("bearing", "45"));
    assertThat(verdict.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("sensorType.bearing");
      assertThat(p.message()).contains("is not a number");
    });
  }

  private static byte[] body(SensorReading... readings) {
    Buffer frame = FrameEncoder.readings(7, java.util.List.of(readings));
    return frame.getBytes(Wire.LENGTH_BYTES + 1, frame.length());
  }

  private static SensorReading sensorReading(String id, SensorType type) {
    return new SensorReading(id, "bow:T1", NOW - 1_000, type, new byte[0], Classification.Secret, Priority.High);
  }

  @Test
  @DisplayName("on TCP, geometry follows a kind tag with the 0x80 flag; a frame without it reads as protocol 1 always did")
  void tcpFlag() {
    SensorReading plain = sensorReading("a", new SensorType.SonarActive(0.5, 8000));
    SensorReading located = sensorReading("b", new SensorType.SonarActive(0.5, 8000, 271.5));
    byte[] body = body(plain, located);
    ReadingsFrame frame = ReadingsFrame.judge(body, 100, NOW);
    assertThat(frame.refusals()).isEmpty();
    assertThat(frame.readings()).extracting(SensorReading::sensorType)
      .containsExactly(plain.sensorType(), located.sensorType());
    byte[] plainOnly = body(plain);
    int tagAt = 4 + 2 + 1 + 1 + 1 + 6 + 8; // sequence, count, id "a", sensorId "bow:T1", timestamp
    assertThat(plainOnly[tagAt]).as("the old tag, unflagged").isEqualTo((byte) 2);
    assertThat(plainOnly.length).as("no bytes added to a reading without geometry").isEqualTo(tagAt + 1 + 16 + 2 + 4);
  }

  @Test
  @DisplayName("on TCP, a flagged bearing out of range is refused like the JSON one; the flag on a kind without geometry is refused")
  void tcpRefusals() {
    ReadingsFrame outOfRange = ReadingsFrame.judge(body(sensorReading("a", new SensorType.SonarActive(0.5, 8000, 400.0))),
      100, NOW);
    assertThat(outOfRange.refusals()).singleElement().satisfies(p ->
      assertThat(p.message()).isEqualTo("sensorType.bearing: 400.0 is out of range: expected at least 0 and below 360 (degrees)"));
    byte[] passive = body(sensorReading("a", new SensorType.SonarPassive(0.0004, 10)));
    int tagAt = 4 + 2 + 1 + 1 + 1 + 6 + 8;
    passive[tagAt] = (byte) (passive[tagAt] | Wire.OPTIONAL_FIELDS_FLAG);
    ReadingsFrame flagged = ReadingsFrame.judge(passive, 100, NOW);
    assertThat(flagged.readings()).isEmpty();
    assertThat(flagged.refusals().get(0).reason()).isEqualTo(Problem.Reason.unknown_sensor_type);
    assertThat(flagged.refusals().get(0).message()).contains("SonarPassive has no optional fields");
  }
}
