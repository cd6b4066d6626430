package kraken.drill;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The drill check compares acknowledged readings with the picture's counts, sensor by sensor")
class PictureAuditTest {

  @Test
  @DisplayName("a picture that counted every acknowledged reading once holds")
  void exactCountsHold() {
    PictureAudit.Result result = PictureAudit.compare(
      Map.of("s1", Set.of("a", "b"), "s2", Set.of("c")), Map.of(), Map.of("C-s1", 2L, "C-s2", 1L), 4);

    assertThat(result.holds()).isTrue();
    assertThat(result.acked()).isEqualTo(3);
    assertThat(result.toJson().getLong("acked_repeats")).as("an ack line seen twice counts once").isEqualTo(1);
    assertThat(result.missing()).isZero();
    assertThat(result.doubleCounted()).isZero();
  }

  @Test
  @DisplayName("an acknowledged reading the picture lacks is missing, and a sensor with no contact misses all")
  void lostReadingsAreMissing() {
    PictureAudit.Result result = PictureAudit.compare(
      Map.of("s1", Set.of("a", "b", "c"), "s2", Set.of("d")), Map.of(), Map.of("C-s1", 2L), 4);

    assertThat(result.holds()).isFalse();
    assertThat(result.missing()).isEqualTo(2);
    assertThat(result.toJson().getJsonArray("problems")).hasSize(2);
  }

  @Test
  @DisplayName("a count above the acknowledged readings is explained by unacknowledged sends first, "
    + "and only the rest is double counting")
  void excessBeyondUnackedIsDoubleCounting() {
    PictureAudit.Result explained = PictureAudit.compare(Map.of("s1", Set.of("a")),
      Map.of("s1", Set.of("x", "y")), Map.of("C-s1", 3L), 1);
    PictureAudit.Result doubled = PictureAudit.compare(Map.of("s1", Set.of("a")),
      Map.of("s1", Set.of("x", "a")), Map.of("C-s1", 3L), 1);

    assertThat(explained.holds()).isTrue();
    assertThat(explained.unacknowledgedButPresent()).isEqualTo(2);
    assertThat(doubled.holds()).as("an unacked id that was later acked explains nothing").isFalse();
    assertThat(doubled.unacknowledgedButPresent()).isEqualTo(1);
    assertThat(doubled.doubleCounted()).isEqualTo(1);
  }
}
