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

  /** Metrics of one held-out part. */
  static Evaluation holdout(List<String> classes, int[] truth, float[] probabilities, DetectorGoal goal) {
    ClassificationReport report = ClassificationReport.of(classes, truth, probabilities);
    return new Evaluation("holdout", new double[] {report.accuracy()}, report, detector(classes, truth, probabilities,
      goal));
  }

  /** Metrics of pooled out-of-fold predictions, with each fold's own accuracy. */
  static Evaluation crossValidation(double[] foldAccuracies, List<String> classes, int[] truth,
                       float[] probabilities, DetectorGoal goal) {
    return new Evaluation("cv", foldAccuracies.clone(), ClassificationReport.of(classes, truth, probabilities),
      detector(classes, truth, probabilities, goal));
  }

  private static DetectorThreshold detector(List<String> classes, int[] truth, float[] probabilities,
                                            DetectorGoal goal) {
    return goal == null ? null
      : DetectorThreshold.choose(classes, goal.positive(), truth, probabilities, goal.maxFpr());
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
