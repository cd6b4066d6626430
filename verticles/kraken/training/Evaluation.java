package kraken.training;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * Quality measured on rows a model did not train on: by k-fold cross-validation ({@code "cv"}: accuracy per fold,
 * everything else over the pooled out-of-fold predictions, each row predicted exactly once) or on one held-out
 * part ({@code "holdout"}: a single accuracy, so no spread). For a detector, the threshold chosen on those rows.
 */
public record Evaluation(String method, double[] foldAccuracies, ClassificationReport report,
                         DetectorThreshold detector) {

  /** Which class is the detector's positive and the false-positive rate it may have; null when not a detector. */
  public record DetectorGoal(int positive, double maxFpr) {
  }

  static Evaluation of(String method, double[] foldAccuracies, List<String> classes, int[] truth,
                       float[] probabilities, DetectorGoal goal) {
    ClassificationReport report = ClassificationReport.of(classes, truth, probabilities);
    DetectorThreshold detector = goal == null ? null
      : DetectorThreshold.choose(classes, goal.positive(), truth, probabilities, goal.maxFpr());
    return new Evaluation(method, foldAccuracies.clone(), report, detector);
  }

  public double accuracyMean() {
    return Arrays.stream(foldAccuracies).average().orElse(Double.NaN);
  }

  /** Sample standard deviation of the fold accuracies; null for a single held-out part. */
  public Double accuracyStd() {
    int n = foldAccuracies.length;
    if (n < 2) {
      return null;
    }
    double mean = accuracyMean();
    double squares = Arrays.stream(foldAccuracies).map(a -> (a - mean) * (a - mean)).sum();
    return Math.sqrt(squares / (n - 1));
  }

  /** The top-level metrics of {@code kraken train --json}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("evaluation", method).put("accuracy_mean", accuracyMean())
      .put("accuracy_std", accuracyStd())
      .put("fold_accuracies", new JsonArray(Arrays.stream(foldAccuracies).boxed().toList()))
      .put("macro_f1", report.macroF1()).put("ece", report.ece()).put("per_class", report.perClassJson());
    if (detector != null) {
      json.put("detector", detector.toJson());
    }
    return json;
  }
}
