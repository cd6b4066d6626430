package kraken.inference;

import kraken.training.Mlp;
import kraken.training.OnnxMlpWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Small random MLP ensembles written as KRAKEN ONNX models, with the Java networks to check their outputs. */
final class TestModels {

  record Made(byte[] onnx, List<Mlp> members, ModelCard card) {

    /** What the Java networks say for one row: each member's probabilities, member after member. */
    float[] expected(float[] row) {
      float[] out = new float[members.size() * card.classes().size()];
      for (int m = 0; m < members.size(); m++) {
        System.arraycopy(members.get(m).probabilities(row), 0, out, m * card.classes().size(), card.classes().size());
      }
      return out;
    }
  }

  private TestModels() {
  }

  static Made random(String role, String version, int features, int classes, int members, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Mlp> mlps = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      Mlp mlp = new Mlp(features, 8, classes);
      for (int l = 0; l < mlp.layers(); l++) {
        float[] w = mlp.weights(l);
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) random.nextGaussian(0, 0.8);
        }
        float[] b = mlp.biases(l);
        for (int i = 0; i < b.length; i++) {
          b[i] = (float) random.nextGaussian(0, 0.5);
        }
      }
      mlps.add(mlp);
    }
    ModelCard card = new ModelCard(role, version, IntStream.range(0, classes).mapToObj(i -> "c" + i).toList(),
      IntStream.range(0, features).mapToObj(i -> "f" + i).toList(), members, "test", "{}", null);
    return new Made(OnnxMlpWriter.write(mlps, card), mlps, card);
  }

  static float[] rows(SplittableRandom random, int rows, int features) {
    float[] values = new float[rows * features];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextDouble() * 4 - 2);
    }
    return values;
  }
}
