package kraken.training;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * How well predicted probabilities match true classes: accuracy; per class precision, recall, F1 and support (a
 * class never predicted has precision 0, one never present recall 0, and then F1 0); macro-F1, the plain mean of
 * the per-class F1s; and the expected calibration error over {@value #CALIBRATION_BINS} equal-width bins of
 * confidence (the highest probability of a row): the row-weighted mean gap between confidence and accuracy.
 */
public record ClassificationReport(List<String> classes, int rows, double accuracy, List<ClassMetrics> perClass,
                                   double macroF1, double ece) {

  public static final int CALIBRATION_BINS = 15;

  public record ClassMetrics(double precision, double recall, double f1, int support) {
    JsonObject toJson() {
      return new JsonObject().put("precision", precision).put("recall", recall).put("f1", f1).put("support", support);
    }
  }

  public ClassificationReport {
    classes = List.copyOf(classes);
    perClass = List.copyOf(perClass);
  }

  /**
   * @param truth         the true class of each row
   * @param probabilities {@code truth.length x classes.size()} probabilities, row after row; the predicted class is
   *                      the most probable (the first of equals)
   */
  public static ClassificationReport of(List<String> classes, int[] truth, float[] probabilities) {
    int k = classes.size();
    int n = truth.length;
    if (probabilities.length != n * k) {
      throw new IllegalArgumentException(probabilities.length + " probabilities are not " + n + " rows of " + k);
    }
    int[] truePositives = new int[k];
    int[] predicted = new int[k];
    int[] support = new int[k];
    double[] binConfidence = new double[CALIBRATION_BINS];
    int[] binCorrect = new int[CALIBRATION_BINS];
    int[] binRows = new int[CALIBRATION_BINS];
    int correct = 0;
    for (int r = 0; r < n; r++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (probabilities[r * k + c] > probabilities[r * k + best]) {
          best = c;
        }
      }
      float confidence = probabilities[r * k + best];
      boolean right = best == truth[r];
      support[truth[r]]++;
      predicted[best]++;
      if (right) {
        truePositives[best]++;
        correct++;
      }
      int bin = Math.min(CALIBRATION_BINS - 1, Math.max(0, (int) (confidence * CALIBRATION_BINS)));
      binRows[bin]++;
      binConfidence[bin] += confidence;
      binCorrect[bin] += right ? 1 : 0;
    }
    List<ClassMetrics> perClass = new ArrayList<>();
    double f1Sum = 0;
    for (int c = 0; c < k; c++) {
      double precision = predicted[c] == 0 ? 0 : (double) truePositives[c] / predicted[c];
      double recall = support[c] == 0 ? 0 : (double) truePositives[c] / support[c];
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      perClass.add(new ClassMetrics(precision, recall, f1, support[c]));
      f1Sum += f1;
    }
    double ece = 0;
    for (int b = 0; b < CALIBRATION_BINS; b++) {
      if (binRows[b] > 0) {
        ece += (double) binRows[b] / n * Math.abs((double) binCorrect[b] / binRows[b] - binConfidence[b] / binRows[b]);
      }
    }
    return new ClassificationReport(classes, n, n == 0 ? 0 : (double) correct / n, perClass, f1Sum / k, ece);
  }

  /** {@code {class: {precision, recall, f1, support}}}, classes in model output order. */
  public JsonObject perClassJson() {
    JsonObject json = new JsonObject();
    for (int c = 0; c < classes.size(); c++) {
      json.put(classes.get(c), perClass.get(c).toJson());
    }
    return json;
  }

  public JsonObject toJson() {
    return new JsonObject().put("rows", rows).put("accuracy", accuracy).put("macro_f1", macroF1).put("ece", ece)
      .put("per_class", perClassJson());
  }
}
