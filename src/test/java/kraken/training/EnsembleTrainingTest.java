package kraken.training;

import kraken.inference.ModelCard;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The MLP trainer")
class EnsembleTrainingTest {

  private static final Ensemble.MemberListener QUIET = (member, loss, rowEpochs) -> { };

  private static double accuracy(Ensemble ensemble, TrainingData test) {
    return ClassificationReport.of(test.classes(), test.labels(), ensemble.meanProbabilities(test)).accuracy();
  }

  @Test
  @DisplayName("separates Gaussian blobs on rows it never saw")
  void learnsBlobs() {
    Ensemble ensemble = Ensemble.train(Synthetic.blobs(200, 4, 6, 1), Synthetic.settings(10, 7), 7, QUIET);
    assertThat(accuracy(ensemble, Synthetic.blobs(100, 4, 6, 2))).isGreaterThan(0.97);
  }

  @Test
  @DisplayName("learns XOR, which needs the hidden layer, and its members differ")
  void learnsXor() {
    TrainingSettings settings = new TrainingSettings(List.of(16), 60, 32, 0.01, 0, 2, 3);
    Ensemble ensemble = Ensemble.train(Synthetic.xor(800, 5), settings, 3, QUIET);
    assertThat(accuracy(ensemble, Synthetic.xor(400, 6))).isGreaterThan(0.95);
    assertThat(ensemble.members().get(0).weights(0)).isNotEqualTo(ensemble.members().get(1).weights(0));
  }

  @Test
  @DisplayName("standardises inputs with the training rows' mean and spread")
  void standardisesFromTrainingRows() {
    TrainingData data = new TrainingData(List.of("x", "constant"), "y", List.of("a", "b"),
      new float[] {1, 5, 3, 5, 5, 5, 7, 5}, new int[] {0, 0, 1, 1});
    Mlp mlp = Ensemble.train(data, Synthetic.settings(1, 1), 1, QUIET).members().get(0);
    assertThat(mlp.mean()).containsExactly(4f, 5f);
    assertThat(mlp.scale()[0]).isCloseTo((float) (1 / Math.sqrt(5)), org.assertj.core.api.Assertions.within(1e-6f));
    assertThat(mlp.scale()[1]).as("a constant feature keeps scale 1").isEqualTo(1f);
  }

  @Test
  @DisplayName("gives byte-identical ONNX for the same data, settings and seed, and different bytes for another seed")
  void reproducible() {
    TrainingData data = Synthetic.blobs(60, 3, 4, 9);
    TrainingRun.Plan plan = new TrainingRun.Plan("blobs", Synthetic.settings(5, 11), 3, null, true);
    byte[] first = TrainingRun.run(data, plan, silent()).model().onnx();
    byte[] second = TrainingRun.run(data, plan, silent()).model().onnx();
    TrainingRun.Plan otherSeed = new TrainingRun.Plan("blobs", Synthetic.settings(5, 12), 3, null, true);
    byte[] third = TrainingRun.run(data, otherSeed, silent()).model().onnx();
    assertThat(second).isEqualTo(first);
    assertThat(third).isNotEqualTo(first);
    assertThat(ModelCard.of(third).version()).isNotEqualTo(ModelCard.of(first).version()).startsWith("blobs-");
  }

  @Test
  @DisplayName("writes a model that ONNX Runtime runs like the Java ensemble on the held-out rows, card complete")
  void onnxParity() {
    TrainingData data = Synthetic.blobs(80, 3, 5, 4);
    TrainingRun.Outcome outcome = TrainingRun.run(data,
      new TrainingRun.Plan("parity", Synthetic.settings(5, 2), null, new Evaluation.DetectorGoal(1, 0.05), true),
      silent());
    TrainingRun.WrittenModel model = outcome.model();
    assertThat(model.onnxMaxAbsDiff()).isLessThan(1e-5);
    assertThat(model.checkedRows()).isEqualTo(outcome.holdout().report().rows()).isEqualTo(24);
    ModelCard card = ModelCard.of(model.onnx());
    assertThat(card).isEqualTo(model.card());
    assertThat(card.features()).containsExactly("f0", "f1", "f2", "f3", "f4");
    assertThat(card.classes()).containsExactly("c0", "c1", "c2");
    assertThat(card.members()).isEqualTo(2);
    assertThat(card.dataFingerprint()).isEqualTo(data.fingerprint());
    assertThat(card.decisionThreshold()).isEqualTo(outcome.holdout().detector().threshold());
    assertThat(new io.vertx.core.json.JsonObject(card.metricsJson()).getJsonObject("holdout").getDouble("accuracy_mean"))
      .isEqualTo(outcome.holdout().accuracyMean());
  }

  static PrintWriter silent() {
    return new PrintWriter(new StringWriter());
  }
}
