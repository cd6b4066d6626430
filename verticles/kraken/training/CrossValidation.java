package kraken.training;

/**
 * Stratified k-fold cross-validation: for each fold, an ensemble trained on the other folds predicts the fold's
 * rows; the fold's accuracy is kept, and its predictions join the pooled out-of-fold predictions from which the
 * per-class metrics, macro-F1, calibration error and a detector threshold are computed.
 */
final class CrossValidation {

  private CrossValidation() {
  }

  static Evaluation run(TrainingData data, TrainingSettings settings, int k, Evaluation.DetectorGoal goal,
                        TrainingProgress progress) {
    int[] foldOfRow = StratifiedSplit.folds(data, k, settings.seed());
    int classes = data.classes().size();
    float[] pooled = new float[data.rows() * classes];
    double[] accuracies = new double[k];
    for (int fold = 0; fold < k; fold++) {
      int[] testRows = StratifiedSplit.rows(foldOfRow, fold, true);
      TrainingData test = data.subset(testRows);
      // each fold's ensemble has its own seed, distinct from the final model's (seed itself)
      Ensemble ensemble = Ensemble.train(data.subset(StratifiedSplit.rows(foldOfRow, fold, false)), settings,
        settings.seed() + 1 + fold, progress.forEnsemble("fold " + (fold + 1) + "/" + k, settings.members()));
      float[] probabilities = ensemble.meanProbabilities(test);
      accuracies[fold] = ClassificationReport.of(data.classes(), test.labels(), probabilities).accuracy();
      for (int r = 0; r < testRows.length; r++) {
        System.arraycopy(probabilities, r * classes, pooled, testRows[r] * classes, classes);
      }
    }
    return Evaluation.crossValidation(accuracies, data.classes(), data.labels(), pooled, goal);
  }
}
