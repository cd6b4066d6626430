package kraken.training;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import kraken.inference.OnnxModel;

/**
 * Loads a written model file into ONNX Runtime (as inference will) and measures how far its output is from the
 * Java ensemble's on the same rows: the largest absolute difference over every member's every probability.
 */
final class OnnxParity {

  /** Above this the file does not compute what was trained, and must not be used. */
  static final double MAX_ABS_DIFF = 1e-4;

  private OnnxParity() {
  }

  static double maxAbsDiff(byte[] onnx, Ensemble ensemble, TrainingData rows) {
    float[] expected = ensemble.memberProbabilities(rows);
    float[] actual;
    try (OnnxModel model = OnnxModel.load(onnx); Predictor<NDList, NDList> predictor = model.newPredictor()) {
      actual = model.run(predictor, rows.features(), rows.rows());
    }
    if (actual.length != expected.length) {
      return Double.POSITIVE_INFINITY;
    }
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    return max;
  }
}
