package kraken.loadgen;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The open loop's timetable and reading mix, without a server. */
@DisplayName("the open loop's schedule and reading mix")
class LoadGenScheduleAndMixTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("at 1,000 readings/s one reading falls due each millisecond, starting at once, and none after the end")
  void scheduleCountsDueReadings() {
    SendSchedule schedule = SendSchedule.of(1000, 2 * SECOND);
    assertThat(schedule.totalReadings()).isEqualTo(2000);
    assertThat(schedule.dueBy(-1)).isZero();
    assertThat(schedule.dueBy(0)).isEqualTo(1);
    assertThat(schedule.dueBy(999_999)).isEqualTo(1);
    assertThat(schedule.dueBy(1_000_000)).isEqualTo(2);
    assertThat(schedule.dueBy(SECOND / 2)).isEqualTo(501);
    assertThat(schedule.dueBy(10 * SECOND)).isEqualTo(2000);
    assertThat(schedule.isComplete(2000)).isTrue();
    assertThat(schedule.isComplete(1999)).isFalse();
  }

  @Test
  @DisplayName("each reading's due time is its index over the rate, and it is due by that time")
  void dueTimesAgreeWithDueCounts() {
    SendSchedule schedule = SendSchedule.of(7500, SECOND);
    for (long index : new long[] {0, 1, 2, 749, 3750, 7499}) {
      long dueAt = schedule.dueAtNanos(index);
      assertThat(dueAt).isCloseTo(index * SECOND / 7500, org.assertj.core.data.Offset.offset(1L));
      assertThat(schedule.dueBy(dueAt)).as("due count at reading %d's time", index).isGreaterThan(index);
    }
  }

  @Test
  @DisplayName("the seed mix keeps sonar, satellite and comms at 5000:500:2000 with 2 KB, 50 KB and 1 KB payloads")
  void seedMixProportionsAndSizes() {
    ReadingFactory factory = new ReadingFactory("test", ReadingMix.seed(), 50, 7);
    Map<String, Integer> byKind = new HashMap<>();
    Map<String, Integer> payloadByKind = new HashMap<>();
    Set<String> ids = new HashSet<>();
    Set<String> sensors = new HashSet<>();
    for (int i = 0; i < 7500; i++) {
      GeneratedReading reading = factory.next(1_700_000_000_000L);
      byKind.merge(reading.kind(), 1, Integer::sum);
      payloadByKind.put(reading.kind(), reading.payload().length);
      ids.add(reading.id());
      sensors.add(reading.sensorId());
    }
    assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of("SonarActive", 2500, "SonarPassive", 2500,
      "SatelliteOptical", 250, "SatelliteSignals", 250, "CommsIntercept", 2000));
    assertThat(payloadByKind).containsExactlyInAnyOrderEntriesOf(Map.of("SonarActive", 2048, "SonarPassive", 2048,
      "SatelliteOptical", 51_200, "SatelliteSignals", 51_200, "CommsIntercept", 1024));
    assertThat(ids).hasSize(7500).allMatch(id -> id.startsWith("lg-test-"));
    assertThat(sensors).hasSize(50);
  }

  @Test
  @DisplayName("the mix stays in proportion at every point, not only at the end")
  void seedMixIsSmooth() {
    ReadingFactory again = new ReadingFactory("test", ReadingMix.seed(), 50, 7);
    int satellites = 0;
    for (int i = 1; i <= 150; i++) {
      String kind = again.next(0).kind();
      if (kind.startsWith("Satellite")) {
        satellites++;
      }
    }
    // 150 readings hold 10 satellite reports when the share is exact
    assertThat(satellites).isBetween(9, 11);
  }

  @Test
  @DisplayName("a single kind or family can be chosen, with a payload size of its own")
  void singleKindMix() {
    ReadingMix sonar = ReadingMix.parse("sonar", null);
    assertThat(sonar.streams()).singleElement().satisfies(stream -> {
      assertThat(stream.kinds()).containsExactly("SonarActive", "SonarPassive");
      assertThat(stream.payloadBytes()).isEqualTo(2048);
    });
    ReadingMix comms = ReadingMix.parse("CommsIntercept", 10);
    ReadingFactory factory = new ReadingFactory("test", comms, 3, 1);
    GeneratedReading reading = factory.next(0);
    assertThat(reading.kind()).isEqualTo("CommsIntercept");
    assertThat(reading.payload()).hasSize(10);
    assertThatThrownBy(() -> ReadingMix.parse("whale", null)).hasMessageContaining("--mix 'whale' is not valid");
    assertThatThrownBy(() -> ReadingMix.parse("seed", -1)).hasMessageContaining("--payload-bytes -1");
  }

  @Test
  @DisplayName("the ocean mix sends simulated readings with their real payloads, fresh ids and the schedule's time")
  void oceanMix() {
    ReadingFactory factory = new ReadingFactory("test", ReadingMix.parse("ocean", null), 50, 3);
    Map<String, Integer> byKind = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 7500; i++) {
      GeneratedReading reading = factory.next(1_700_000_000_000L);
      byKind.merge(reading.kind(), 1, Integer::sum);
      ids.add(reading.id());
      assertThat(reading.timestamp()).isEqualTo(1_700_000_000_000L);
      assertThat(reading.sensorId()).matches("[a-z-]+:T\\d{2,}");
    }
    assertThat(ids).hasSize(7500);
    assertThat(byKind.get("SonarActive") + byKind.get("SonarPassive")).isBetween(4700, 5300);
    assertThatThrownBy(() -> ReadingMix.parse("ocean", 10)).hasMessageContaining("--payload-bytes");
  }
}
