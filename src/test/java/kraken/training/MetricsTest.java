package kraken.training;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@DisplayName("Quality metrics")
class MetricsTest {

  private static final List<String> ABC = List.of("a", "b", "c");

  @Test
  @DisplayName("precision, recall, F1, support, accuracy and macro-F1 match a hand-computed confusion matrix")
  void perClass() {
    // truth a a a b b c ; predicted a a b b c c  -> a: P 2/2 R 2/3; b: P 1/2 R 1/2; c: P 1/2 R 1/1
    int[] truth = {0, 0, 0, 1, 1, 2};
    float[] p = {
      .8f, .1f, .1f, .7f, .2f, .1f, .2f, .6f, .2f,
      .1f, .8f, .1f, .1f, .3f, .6f, .1f, .1f, .8f};
    ClassificationReport report = ClassificationReport.of(ABC, truth, p);
    assertThat(report.accuracy()).isEqualTo(4 / 6.0);
    assertThat(report.perClass().get(0)).isEqualTo(new ClassificationReport.ClassMetrics(1, 2 / 3.0, 0.8, 3));
    assertThat(report.perClass().get(1).precision()).isEqualTo(0.5);
    assertThat(report.perClass().get(1).recall()).isEqualTo(0.5);
    assertThat(report.perClass().get(1).f1()).isEqualTo(0.5);
    assertThat(report.perClass().get(2).f1()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(report.macroF1()).isCloseTo((0.8 + 0.5 + 2 / 3.0) / 3, within(1e-12));
    assertThat(report.perClassJson().getJsonObject("c").getInteger("support")).isEqualTo(1);
  }

  @Test
  @DisplayName("a class never predicted has precision 0 and F1 0, not a division by zero")
  void neverPredicted() {
    ClassificationReport report = ClassificationReport.of(List.of("a", "b"), new int[] {0, 1},
      new float[] {.9f, .1f, .6f, .4f});
    assertThat(report.perClass().get(1)).isEqualTo(new ClassificationReport.ClassMetrics(0, 0, 0, 1));
  }

  @Test
  @DisplayName("expected calibration error is the row-weighted gap between confidence and accuracy per bin")
  void calibration() {
    // two rows at confidence 0.9 (bin 13), one right one wrong: gap 0.4; two at 0.55 (bin 8), both right: gap 0.45
    int[] truth = {0, 1, 0, 0};
    float[] p = {.9f, .1f, .9f, .1f, .55f, .45f, .55f, .45f};
    ClassificationReport report = ClassificationReport.of(List.of("a", "b"), truth, p);
    assertThat(report.ece()).isCloseTo(0.5 * 0.4 + 0.5 * 0.45, within(1e-6));
    float[] perfect = {1f, 0f, 0f, 1f};
    assertThat(ClassificationReport.of(List.of("a", "b"), new int[] {0, 1}, perfect).ece()).isZero();
  }

  @Test
  @DisplayName("the detector threshold keeps the false-positive rate at or below the bound with the best recall")
  void detectorThreshold() {
    // 10 negatives scoring 0.0 .. 0.9, 4 positives scoring 0.55, 0.75, 0.85, 0.95 on P(positive)
    int[] truth = new int[14];
    float[] p = new float[28];
    for (int r = 0; r < 10; r++) {
      p[r * 2 + 1] = r / 10f;
      p[r * 2] = 1 - p[r * 2 + 1];
    }
    float[] positives = {.55f, .75f, .85f, .95f};
    for (int i = 0; i < 4; i++) {
      truth[10 + i] = 1;
      p[(10 + i) * 2 + 1] = positives[i];
      p[(10 + i) * 2] = 1 - positives[i];
    }
    DetectorThreshold oneAllowed = DetectorThreshold.choose(List.of("ok", "bad"), 1, truth, p, 0.1);
    assertThat(oneAllowed.fpr()).isEqualTo(0.1);
    assertThat(oneAllowed.threshold()).isGreaterThan(0.8f).isLessThan(0.85);
    assertThat(oneAllowed.recall()).isEqualTo(0.5);
    DetectorThreshold noneAllowed = DetectorThreshold.choose(List.of("ok", "bad"), 1, truth, p, 0.05);
    assertThat(noneAllowed.fpr()).isZero();
    assertThat(noneAllowed.recall()).isEqualTo(0.25);
    assertThat(noneAllowed.toJson().getString("positive")).isEqualTo("bad");
  }

  @Test
  @DisplayName("stratified folds keep each class's share in every fold, and a class smaller than K is refused")
  void stratifiedFolds() {
    TrainingData data = Synthetic.blobs(30, 3, 2, 1).subset(java.util.stream.IntStream.range(0, 90)
      .filter(r -> r % 3 != 2 || r < 30).toArray()); // 30 rows of c0, 30 of c1, 10 of c2
    int[] counts = data.classCounts();
    int[] folds = StratifiedSplit.folds(data, 5, 3);
    for (int fold = 0; fold < 5; fold++) {
      int[] perClass = new int[3];
      for (int r = 0; r < data.rows(); r++) {
        if (folds[r] == fold) {
          perClass[data.labels()[r]]++;
        }
      }
      for (int c = 0; c < 3; c++) {
        assertThat(perClass[c]).as("fold %d class %d", fold, c).isBetween(counts[c] / 5, (counts[c] + 4) / 5);
      }
    }
    TrainingData tiny = Synthetic.blobs(3, 2, 2, 1);
    assertThatThrownBy(() -> StratifiedSplit.folds(tiny, 4, 1)).isInstanceOf(TrainingInputException.class)
      .hasMessage("class 'c0' has 3 rows: --cv 4 needs at least 4 rows of every class (one per fold); use fewer "
        + "folds or more data");
  }
}
