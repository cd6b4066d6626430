package kraken.training;

import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * The decision threshold of a detector: a row is flagged when P(positive) {@code >=} the threshold. Chosen on
 * held-out rows as the lowest threshold (so the highest recall) at which the false-positive rate there stays at
 * or below {@code maxFpr}: just above the score of the negative that would be one false positive too many.
 */
public record DetectorThreshold(String positiveClass, double maxFpr, double threshold, double recall, double fpr,
                                int positives, int negatives) {

  /**
   * @param classes  the model's classes, in output order
   * @param positive the class index whose probability is the score
   * @param truth    true class of each row
   * @param probabilities rows x classes
   */
  public static DetectorThreshold choose(List<String> classes, int positive, int[] truth, float[] probabilities,
                                         double maxFpr) {
    int k = classes.size();
    double[] negativeScores = new double[truth.length];
    int negatives = 0;
    for (int r = 0; r < truth.length; r++) {
      if (truth[r] != positive) {
        negativeScores[negatives++] = probabilities[r * k + positive];
      }
    }
    double[] sorted = Arrays.copyOf(negativeScores, negatives);
    Arrays.sort(sorted);
    int allowed = (int) Math.floor(maxFpr * negatives + 1e-9);
    // the (allowed+1)-th highest negative score must not be flagged; everything above it may be
    double threshold = allowed >= negatives ? 0 : Math.nextUp(sorted[negatives - 1 - allowed]);
    int flaggedNegatives = 0;
    int flaggedPositives = 0;
    for (int r = 0; r < truth.length; r++) {
      if (probabilities[r * k + positive] >= threshold) {
        if (truth[r] == positive) {
          flaggedPositives++;
        } else {
          flaggedNegatives++;
        }
      }
    }
    int positives = truth.length - negatives;
    return new DetectorThreshold(classes.get(positive), maxFpr, threshold,
      positives == 0 ? 0 : (double) flaggedPositives / positives,
      negatives == 0 ? 0 : (double) flaggedNegatives / negatives, positives, negatives);
  }

  public JsonObject toJson() {
    return new JsonObject().put("positive", positiveClass).put("max_fpr", maxFpr).put("threshold", threshold)
      .put("recall", recall).put("fpr", fpr).put("positives", positives).put("negatives", negatives);
  }
}
