package kraken;

import io.vertx.core.buffer.Buffer;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.ReadingBatch;
import kraken.bus.ReadingBatchCodec;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The inter-node reading batch codec bounds-checks every length before reading or allocating")
class ReadingBatchCodecBoundsTest {

  private static Buffer encoded() {
    ReadingBatch batch = new ReadingBatch("node-a", 42L, List.of(
      new SensorReading("r1", "s1", 1_000L, new SensorType.SonarPassive(0.0006, 12.5), new byte[]{1, 2, 3},
        Classification.Secret, Priority.High),
      new SensorReading("r2", "s2", 2_000L, new SensorType.CommsIntercept(156.8, SensorType.Encryption.Military),
        new byte[0], Classification.Unclassified, Priority.Low)));
    Buffer wire = Buffer.buffer();
    new ReadingBatchCodec().encodeToWire(wire, batch);
    return wire;
  }

  @Test
  @DisplayName("a message cut short at any byte is refused with a reason, not read past its end")
  void truncated() {
    Buffer wire = encoded();
    for (int cut = 0; cut < wire.length(); cut++) {
      Buffer shortened = wire.getBuffer(0, cut);
      assertThatThrownBy(() -> new ReadingBatchCodec().decodeFromWire(0, shortened)).as("cut at %d", cut)
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("reading batch");
    }
  }

  @Test
  @DisplayName("a huge count, string length or ordinal is refused before anything is allocated")
  void corruptedFields() {
    Buffer count = encoded();
    int countAt = 4 + 1 + 2 + "node-a".length() + 8;
    count.setInt(countAt, Integer.MAX_VALUE);
    assertThatThrownBy(() -> new ReadingBatchCodec().decodeFromWire(0, count))
      .isInstanceOf(IllegalStateException.class).hasMessageContaining("count 2147483647");
    Buffer string = encoded();
    string.setUnsignedShort(countAt + 4, 65_535);
    assertThatThrownBy(() -> new ReadingBatchCodec().decodeFromWire(0, string))
      .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs 65535 bytes");
    Buffer ordinal = encoded();
    ordinal.setByte(ordinal.length() - 1, (byte) 9);
    assertThatThrownBy(() -> new ReadingBatchCodec().decodeFromWire(0, ordinal))
      .isInstanceOf(IllegalStateException.class).hasMessageContaining("priority ordinal 9");
  }

  @Test
  @DisplayName("random corruption either decodes or fails with IllegalStateException, never anything else")
  void randomCorruption() {
    Random random = new Random(7);
    Buffer valid = encoded();
    for (int trial = 0; trial < 20_000; trial++) {
      Buffer wire = valid.copy();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        wire.setByte(random.nextInt(wire.length()), (byte) random.nextInt(256));
      }
      try {
        assertThat(new ReadingBatchCodec().decodeFromWire(0, wire)).isNotNull();
      } catch (IllegalStateException refused) {
        assertThat(refused.getMessage()).isNotBlank();
      }
    }
  }
}
