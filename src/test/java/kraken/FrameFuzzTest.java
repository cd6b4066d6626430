package kraken;

import kraken.ingest.tcp.FrameFuzzer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The TCP frame decoder survives random and mutated streams, refusing each with a reason")
class FrameFuzzTest {

  @Test
  @DisplayName("20,000 seeded cases: nothing thrown, every refusal has a reason and a sentence, splits change nothing")
  void fuzz() {
    FrameFuzzer fuzzer = new FrameFuzzer(20_261_123L);
    for (long i = 0; i < 20_000; i++) {
      fuzzer.runCase(i);
    }
    FrameFuzzer.Summary summary = fuzzer.summary();
    assertThat(summary.firstFailure).isNull();
    assertThat(summary.failures).isZero();
    assertThat(summary.cases).isEqualTo(20_000);
    assertThat(summary.streamErrors).as("the cases reach every kind of stream error")
      .containsKeys("bad_magic", "unsupported_version", "malformed_frame", "frame_too_large");
    assertThat(summary.refusals).as("and every kind of reading refusal")
      .containsKeys("invalid_value", "unknown_sensor_type", "malformed_frame", "duplicate_id", "rejected_with_batch");
    assertThat(summary.readingsTaken).as("valid readings get through too").isPositive();
  }
}
