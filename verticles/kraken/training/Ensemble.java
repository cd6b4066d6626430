package kraken.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A few {@link Mlp}s trained on the same rows from different seeds. Their mean probability is the prediction; the
 * spread between them is the uncertainty inference reports. Written to ONNX as one model by {@link OnnxMlpWriter}.
 */
public record Ensemble(List<Mlp> members) {

  private static final int EVALUATION_BLOCK = 1024;

  public Ensemble {
    members = List.copyOf(members);
  }

  /** Called after each member's training with what it cost, for progress lines. */
  public interface MemberListener {
    void memberDone(int member, double finalLoss, long rowEpochs);
  }

  /**
   * Trains {@code settings.members()} networks on {@code data}. Member {@code m} draws from the {@code m}-th split of
   * a generator seeded with {@code seed}, so each member differs and the whole ensemble is reproducible.
   */
  public static Ensemble train(TrainingData data, TrainingSettings settings, long seed, MemberListener listener) {
    SplittableRandom root = new SplittableRandom(seed);
    List<Mlp> members = new ArrayList<>();
    for (int m = 0; m < settings.members(); m++) {
      double[] lastLoss = {Double.NaN};
      members.add(MlpTrainer.train(data, settings, root.split(), (epoch, loss) -> lastLoss[0] = loss));
      listener.memberDone(m, lastLoss[0], (long) data.rows() * settings.epochs());
    }
    return new Ensemble(members);
  }

  public int classes() {
    return members.get(0).classes();
  }

  /** Mean-of-members class probabilities of every row of {@code data}: {@code rows x classes}. */
  public float[] meanProbabilities(TrainingData data) {
    int classes = classes();
    float[] each = memberProbabilities(data);
    float[] mean = new float[data.rows() * classes];
    int m = members.size();
    for (int r = 0; r < data.rows(); r++) {
      for (int c = 0; c < classes; c++) {
        float sum = 0f;
        for (int k = 0; k < m; k++) {
          sum += each[(r * m + k) * classes + c];
        }
        mean[r * classes + c] = sum / m;
      }
    }
    return mean;
  }

  /**
   * Every member's probabilities of every row, laid out as the ONNX model gives them: per row, member after member
   * ({@code rows x members x classes}).
   */
  public float[] memberProbabilities(TrainingData data) {
    int classes = classes();
    int m = members.size();
    float[] out = new float[data.rows() * m * classes];
    for (int k = 0; k < m; k++) {
      MlpBatch batch = new MlpBatch(members.get(k), EVALUATION_BLOCK);
      for (int start = 0; start < data.rows(); start += EVALUATION_BLOCK) {
        int rows = Math.min(EVALUATION_BLOCK, data.rows() - start);
        float[] p = batch.forward(data.features(), null, start, rows);
        for (int r = 0; r < rows; r++) {
          System.arraycopy(p, r * classes, out, ((start + r) * m + k) * classes, classes);
        }
      }
    }
    return out;
  }
}
