package kraken.training;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import kraken.inference.ModelCard;
import kraken.inference.OnnxModel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@DisplayName("An MLP ensemble written as ONNX")
class OnnxMlpWriterTest {

  @Test
  @DisplayName("gives in ONNX Runtime the probabilities the Java network computes, member after member, and keeps its card")
  void onnxRuntimeMatchesJava() {
    SplittableRandom random = new SplittableRandom(3);
    List<Mlp> members = List.of(randomMlp(random), randomMlp(random));
    ModelCard card = new ModelCard("test", "t-1", List.of("a", "b", "c"), List.of("f0", "f1", "f2", "f3", "f4"), 2,
      "sha256:abc", "{\"accuracy\":0.5}", 0.7);
    byte[] onnx = OnnxMlpWriter.write(members, card);
    assertThat(ModelCard.of(onnx)).isEqualTo(card);
    int rows = 17;
    float[] features = new float[rows * 5];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) (random.nextDouble() * 10 - 5);
    }
    try (OnnxModel model = OnnxModel.load(onnx); Predictor<NDList, NDList> predictor = model.newPredictor()) {
      float[] out = model.run(predictor, features, rows);
      assertThat(out).hasSize(rows * 2 * 3);
      for (int r = 0; r < rows; r++) {
        float[] row = java.util.Arrays.copyOfRange(features, r * 5, r * 5 + 5);
        for (int m = 0; m < 2; m++) {
          float[] expected = members.get(m).probabilities(row);
          for (int c = 0; c < 3; c++) {
            assertThat(out[r * 6 + m * 3 + c]).as("row %d member %d class %d", r, m, c).isCloseTo(expected[c], within(1e-5f));
          }
        }
      }
    }
  }

  @Test
  @DisplayName("refuses bytes that are not a KRAKEN model, saying why")
  void refusesForeignBytes() {
    assertThatThrownBy(() -> ModelCard.of(new byte[] {1, 2, 3})).hasMessageContaining("not an ONNX model file");
    assertThatThrownBy(() -> ModelCard.of(new byte[0])).hasMessageContaining("was not written by kraken train");
  }

  private static Mlp randomMlp(SplittableRandom random) {
    Mlp mlp = new Mlp(5, 8, 6, 3);
    for (int i = 0; i < 5; i++) {
      mlp.mean()[i] = (float) random.nextDouble();
      mlp.scale()[i] = (float) (0.5 + random.nextDouble());
    }
    for (int l = 0; l < mlp.layers(); l++) {
      float[] w = mlp.weights(l);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) random.nextGaussian(0, 0.7);
      }
      float[] b = mlp.biases(l);
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) random.nextGaussian(0, 0.3);
      }
    }
    return mlp;
  }
}
