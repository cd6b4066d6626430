package kraken;

import io.vertx.core.buffer.Buffer;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.ingest.Problem;
import kraken.ingest.tcp.FrameDecoder;
import kraken.ingest.tcp.FrameEncoder;
import kraken.ingest.tcp.ReadingsFrame;
import kraken.ingest.tcp.Wire;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The TCP frame decoder cuts any split of a stream into the same frames and refuses what it cannot read")
class FrameDecoderTest {

  private static final int MAX = 4096;
  private static final long NOW = System.currentTimeMillis();

  private static SensorReading sonar(String id, double bearing) {
    return new SensorReading(id, "dec-sensor", NOW - 1000, new SensorType.SonarPassive(0.0004, bearing),
      new byte[]{1, 2, 3}, Classification.Secret, Priority.High);
  }

  private static SensorReading signals(String id) {
    return new SensorReading(id, "dec-signals", NOW - 1000, new SensorType.SatelliteSignals(
      new SensorType.FrequencyRange(9000, 9500), -40), new byte[0], Classification.Unclassified, Priority.Low);
  }

  private static byte[] stream(Buffer... frames) {
    Buffer all = FrameEncoder.hello();
    for (Buffer frame : frames) {
      all.appendBuffer(frame);
    }
    return all.getBytes();
  }

  /** Feeds the chunks and describes what came out, frames judged, so that two feedings can be compared. */
  private static List<String> decode(byte[] bytes, List<Integer> cuts) {
    FrameDecoder decoder = FrameDecoder.ofClientStream(MAX);
    List<String> seen = new ArrayList<>();
    int from = 0;
    List<Integer> ends = new ArrayList<>(cuts);
    ends.add(bytes.length);
    for (int end : ends) {
      FrameDecoder.Result result = decoder.feed(bytes, from, end - from);
      from = end;
      if (result.helloCompleted()) {
        seen.add("hello");
      }
      result.frames().forEach(f -> {
        ReadingsFrame judged = ReadingsFrame.judge(f.body(), 50, NOW);
        seen.add(judged.sequence() + ":" + judged.readings().stream().map(r -> r.toJson().encode()).toList()
          + judged.refusals());
      });
      if (result.error() != null) {
        seen.add("error " + result.error().reason());
      }
    }
    return seen;
  }

  private static FrameDecoder.StreamError errorOf(byte[] bytes) {
    return FrameDecoder.ofClientStream(MAX).feed(bytes).error();
  }

  @Test
  @DisplayName("every split of a valid stream into two chunks, byte by byte, and random splits decode the same")
  void everySplitDecodesTheSame() {
    byte[] bytes = stream(FrameEncoder.readings(7, List.of(sonar("a-1", 10), signals("a-2"))),
      FrameEncoder.readings(8, List.of(sonar("a-3", 20))));
    List<String> whole = decode(bytes, List.of());
    assertThat(whole).hasSize(3).first().isEqualTo("hello");
    for (int cut = 1; cut < bytes.length; cut++) {
      assertThat(decode(bytes, List.of(cut))).as("split at %d", cut).isEqualTo(whole);
    }
    List<Integer> everyByte = new ArrayList<>();
    for (int i = 1; i < bytes.length; i++) {
      everyByte.add(i);
    }
    assertThat(decode(bytes, everyByte)).isEqualTo(whole);
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      List<Integer> cuts = random.ints(1 + random.nextInt(8), 1, bytes.length).sorted().distinct().boxed().toList();
      assertThat(decode(bytes, cuts)).as("cuts %s", cuts).isEqualTo(whole);
    }
  }

  @Test
  @DisplayName("many frames in one chunk all come out, in order, and the readings are the ones sent")
  void manyFramesInOneChunk() {
    Buffer[] frames = new Buffer[20];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = FrameEncoder.readings(i, List.of(sonar("m-" + i, i)));
    }
    FrameDecoder.Result result = FrameDecoder.ofClientStream(MAX).feed(stream(frames));
    assertThat(result.helloCompleted()).isTrue();
    assertThat(result.error()).isNull();
    assertThat(result.frames()).hasSize(20);
    ReadingsFrame last = ReadingsFrame.judge(result.frames().get(19).body(), 50, NOW);
    assertThat(last.sequence()).isEqualTo(19);
    SensorReading decoded = last.readings().get(0);
    assertThat(decoded.id()).isEqualTo("m-19");
    assertThat(decoded.sensorType()).isEqualTo(new SensorType.SonarPassive(0.0004, 19));
    assertThat(decoded.payload()).containsExactly(1, 2, 3);
    assertThat(decoded.classification()).isEqualTo(Classification.Secret);
  }

  @Test
  @DisplayName("a stream that does not start with KRKN is bad_magic as soon as the first wrong byte arrives")
  void badMagic() {
    FrameDecoder.StreamError error = errorOf("GET ".getBytes());
    assertThat(error.reason()).isEqualTo(Problem.Reason.bad_magic);
    assertThat(error.message()).contains("47 45 54 20").contains("KRKN");
    assertThat(errorOf(new byte[]{'K', 'R', 'X'}).reason()).isEqualTo(Problem.Reason.bad_magic);
    assertThat(errorOf(new byte[]{'K', 'R'})).as("a correct start waits for more").isNull();
  }

  @Test
  @DisplayName("another protocol version, or flags that version 1 does not define, are unsupported_version")
  void wrongVersion() {
    byte[] hello = FrameEncoder.hello().getBytes();
    hello[5] = 2;
    FrameDecoder.StreamError error = errorOf(hello);
    assertThat(error.reason()).isEqualTo(Problem.Reason.unsupported_version);
    assertThat(error.message()).isEqualTo("protocol version 2 is not supported: this server speaks version 1");
    byte[] flags = FrameEncoder.hello().getBytes();
    flags[7] = 1;
    assertThat(errorOf(flags).message()).contains("flags 0x0001");
  }

  @Test
  @DisplayName("length 0 is malformed; a length beyond the maximum (or 'negative') is refused before its body arrives")
  void badLengths() {
    FrameDecoder.StreamError zero = errorOf(stream(Buffer.buffer().appendInt(0)));
    assertThat(zero.reason()).isEqualTo(Problem.Reason.malformed_frame);
    assertThat(zero.message()).contains("frame length 0");
    FrameDecoder.StreamError huge = errorOf(stream(Buffer.buffer().appendInt(MAX + 1)));
    assertThat(huge.reason()).isEqualTo(Problem.Reason.frame_too_large);
    assertThat(huge.message()).isEqualTo("frame length 4097 exceeds the maximum of 4096 bytes (ingest.tcp.maxFrameBytes)");
    FrameDecoder.StreamError negative = errorOf(stream(Buffer.buffer().appendInt(-1)));
    assertThat(negative.reason()).isEqualTo(Problem.Reason.frame_too_large);
    assertThat(negative.message()).contains("4294967295");
    FrameDecoder.StreamError tooShort = errorOf(stream(Buffer.buffer().appendInt(3).appendByte(Wire.READINGS)));
    assertThat(tooShort.reason()).isEqualTo(Problem.Reason.malformed_frame);
    assertThat(tooShort.message()).contains("at least 6 bytes");
  }

  @Test
  @DisplayName("a frame type a client does not send is malformed_frame, named in the message")
  void unknownFrameType() {
    FrameDecoder.StreamError error = errorOf(stream(Buffer.buffer().appendInt(7).appendByte((byte) 0x07)
      .appendBytes(new byte[6])));
    assertThat(error.reason()).isEqualTo(Problem.Reason.malformed_frame);
    assertThat(error.message()).contains("0x07 (unknown)").contains("0x01 (READINGS)");
  }

  /** A READINGS frame whose body is the given readings' bytes with {@code cut} bytes removed from the end. */
  private static ReadingsFrame judgeTruncated(int cut) {
    byte[] frame = FrameEncoder.readings(3, List.of(sonar("t-1", 1), sonar("t-2", 2))).getBytes();
    byte[] body = java.util.Arrays.copyOfRange(frame, Wire.LENGTH_BYTES + 1, frame.length - cut);
    return ReadingsFrame.judge(body, 50, NOW);
  }

  @Test
  @DisplayName("a frame that ends inside a reading refuses that reading (naming the field) and the rest of the frame")
  void truncatedReading() {
    ReadingsFrame judged = judgeTruncated(4); // inside reading 1's payload length and bytes
    assertThat(judged.readings()).isEmpty();
    assertThat(judged.refusals()).hasSize(2);
    Problem first = judged.refusals().get(0);
    assertThat(first.reading()).isEqualTo(1);
    assertThat(first.reason()).isEqualTo(Problem.Reason.malformed_frame);
    assertThat(first.message()).startsWith("the frame ends inside reading 1's payload");
    Problem rest = judged.refusals().get(1);
    assertThat(rest.reading()).isEqualTo(Wire.REST_OF_FRAME);
    assertThat(rest.reason()).isEqualTo(Problem.Reason.rejected_with_batch);
    assertThat(judgeTruncated(20).refusals().get(0).field()).startsWith("sensorType.");
  }

  @Test
  @DisplayName("a string length beyond the end of the frame is refused without reading past it")
  void stringBeyondFrame() {
    byte[] body = Buffer.buffer().appendInt(1).appendShort((short) 1).appendByte((byte) 200).appendBytes("abc".getBytes())
      .getBytes();
    ReadingsFrame judged = ReadingsFrame.judge(body, 50, NOW);
    assertThat(judged.refusals().get(0).field()).isEqualTo("id");
    assertThat(judged.refusals().get(0).message()).contains("200 bytes needed").contains("3 left");
  }

  @Test
  @DisplayName("an unknown kind tag is unknown_sensor_type; a bad ordinal or NaN is invalid_value and the others go on")
  void decodingLevelProblems() {
    byte[] frame = FrameEncoder.readings(5, List.of(sonar("k-1", 1), sonar("k-2", 2), sonar("k-3", 3))).getBytes();
    byte[] body = java.util.Arrays.copyOfRange(frame, Wire.LENGTH_BYTES + 1, frame.length);
    int perReading = (body.length - Wire.READINGS_HEADER_BYTES) / 3;
    int classificationAt = Wire.READINGS_HEADER_BYTES + perReading + 1 + 3 + 1 + 10 + 8 + 1 + 16;
    body[classificationAt] = 9;
    Buffer withNaN = Buffer.buffer(body).setDouble(Wire.READINGS_HEADER_BYTES + 2 * perReading + 1 + 3 + 1 + 10 + 8 + 1,
      Double.NaN);
    ReadingsFrame judged = ReadingsFrame.judge(withNaN.getBytes(), 50, NOW);
    assertThat(judged.indexes()).containsExactly(0);
    assertThat(judged.refusals()).extracting(Problem::reading, Problem::reason).containsExactly(
      org.assertj.core.groups.Tuple.tuple(1, Problem.Reason.invalid_value),
      org.assertj.core.groups.Tuple.tuple(2, Problem.Reason.invalid_value));
    assertThat(judged.refusals().get(0).message()).startsWith("classification: value 9 is not valid");
    assertThat(judged.refusals().get(1).message()).startsWith("sensorType.frequencyMhz: NaN is not a number");

    body[Wire.READINGS_HEADER_BYTES + 1 + 3 + 1 + 10 + 8] = 42;
    ReadingsFrame unknownKind = ReadingsFrame.judge(body, 50, NOW);
    assertThat(unknownKind.refusals().get(0).reason()).isEqualTo(Problem.Reason.unknown_sensor_type);
    assertThat(unknownKind.refusals().get(0).message()).contains("wire tag 42").contains("1 (SonarPassive)");
  }

  @Test
  @DisplayName("an empty frame, too many readings, and bytes after the last reading refuse the whole frame")
  void frameLevelRefusals() {
    ReadingsFrame empty = ReadingsFrame.judge(Buffer.buffer().appendInt(1).appendShort((short) 0).getBytes(), 50, NOW);
    assertThat(empty.refusals()).extracting(Problem::reason).containsExactly(Problem.Reason.empty_batch);
    List<SensorReading> many = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      many.add(sonar("n-" + i, i));
    }
    byte[] frame = FrameEncoder.readings(2, many).getBytes();
    ReadingsFrame tooMany = ReadingsFrame.judge(java.util.Arrays.copyOfRange(frame, 5, frame.length), 50, NOW);
    assertThat(tooMany.refusals().get(0).message()).contains("51 readings").contains("at most 50");
    byte[] one = FrameEncoder.readings(3, List.of(sonar("x-1", 1))).getBytes();
    byte[] trailing = Buffer.buffer(java.util.Arrays.copyOfRange(one, 5, one.length)).appendByte((byte) 0).getBytes();
    ReadingsFrame extra = ReadingsFrame.judge(trailing, 50, NOW);
    assertThat(extra.readings()).isEmpty();
    assertThat(extra.refusals().get(0).message()).contains("1 bytes after its last reading");
  }

  @Test
  @DisplayName("the same id twice in a frame refuses the second as duplicate_id and takes the first")
  void duplicateIds() {
    byte[] frame = FrameEncoder.readings(4, List.of(sonar("d-1", 1), sonar("d-1", 2))).getBytes();
    ReadingsFrame judged = ReadingsFrame.judge(java.util.Arrays.copyOfRange(frame, 5, frame.length), 50, NOW);
    assertThat(judged.indexes()).containsExactly(0);
    assertThat(judged.refusals()).extracting(Problem::reading, Problem::reason)
      .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Problem.Reason.duplicate_id));
  }
}
