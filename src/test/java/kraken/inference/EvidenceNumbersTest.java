package kraken.inference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Evidence numbers read exactly as String.format wrote them, without its cost")
class EvidenceNumbersTest {

  @Test
  @DisplayName("fixed(value, digits) equals String.format(\"%.Nf\") in the root locale, for every field's range")
  void fixedMatchesStringFormat() {
    SplittableRandom random = new SplittableRandom(3);
    double[] edges = {0, 0.5, 1.5, 2.5, -0.5, -68.5, 0.125, 0.005, 1e-7, 300_000, 9_000.4999, -199.95};
    for (double edge : edges) {
      for (int digits = 0; digits <= 4; digits++) {
        assertThat(RuleBasedScorer.fixed(edge, digits)).as("%s with %d digits", edge, digits)
          .isEqualTo(String.format(Locale.ROOT, "%." + digits + "f", edge));
      }
    }
    for (int i = 0; i < 100_000; i++) {
      double value = random.nextDouble(-1_000, 300_000);
      if (i % 3 == 0) {
        value = Math.round(value * 1000) / 1000.0 + 0.0005; // half-way cases at the last kept digit
      }
      int digits = random.nextInt(5);
      assertThat(RuleBasedScorer.fixed(value, digits)).as("%s with %d digits", value, digits)
        .isEqualTo(String.format(Locale.ROOT, "%." + digits + "f", value));
    }
  }
}
