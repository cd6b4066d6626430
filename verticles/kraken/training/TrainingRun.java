package kraken.training;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import kraken.inference.ModelCard;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What {@code kraken train} does with parsed data, apart from files and databases: cross-validates when asked;
 * trains the final ensemble on 90 % of the rows (stratified) and evaluates it on the other 10 % when a model is
 * to be written or no cross-validation was asked for; and for a model, writes the ONNX bytes with their card and
 * checks them in ONNX Runtime against the Java ensemble on the held-out rows.
 */
final class TrainingRun {

  static final double HOLDOUT_FRACTION = 0.1;

  /** What the run asks for; {@code folds} null means no cross-validation, {@code goal} null not a detector. */
  record Plan(String name, TrainingSettings settings, Integer folds, Evaluation.DetectorGoal goal, boolean writeModel) {
  }

  /** A written model: the file's bytes, its card and how far ONNX Runtime is from Java on the held-out rows. */
  record WrittenModel(ModelCard card, byte[] onnx, double onnxMaxAbsDiff, int checkedRows) {
  }

  /** {@code crossValidation}, {@code holdout} and {@code model} are null when not done. */
  record Outcome(JsonObject settings, Evaluation crossValidation, Evaluation holdout, WrittenModel model,
                 double trainSeconds, double rowEpochsPerSecond) {

    /** The evaluation the summary leads with: cross-validation when run, otherwise the held-out rows. */
    Evaluation primary() {
      return crossValidation != null ? crossValidation : holdout;
    }
  }

  private TrainingRun() {
  }

  static Outcome run(TrainingData data, Plan plan, PrintWriter progressOut) {
    TrainingSettings settings = plan.settings();
    JsonObject settingsJson = settingsJson(data, plan);
    boolean finalModel = plan.writeModel() || plan.folds() == null;
    int[] heldOut = finalModel ? StratifiedSplit.holdout(data, HOLDOUT_FRACTION, settings.seed()) : new int[0];
    long perPass = (long) settings.members() * settings.epochs();
    long planned = (plan.folds() == null ? 0 : (long) data.rows() * (plan.folds() - 1) * perPass)
      + (finalModel ? (long) (data.rows() - heldOut.length) * perPass : 0);
    TrainingProgress progress = new TrainingProgress(progressOut, planned);

    Evaluation crossValidation = plan.folds() == null ? null
      : CrossValidation.run(data, settings, plan.folds(), plan.goal(), progress);
    if (!finalModel) {
      return new Outcome(settingsJson, crossValidation, null, null, progress.elapsedSeconds(),
        progress.rowEpochsPerSecond());
    }
    TrainingData test = data.subset(heldOut);
    TrainingData train = data.subset(StratifiedSplit.complement(heldOut, data.rows()));
    Ensemble ensemble = Ensemble.train(train, settings, settings.seed(),
      progress.forEnsemble("final model", settings.members()));
    Evaluation holdout = Evaluation.holdout(data.classes(), test.labels(), ensemble.meanProbabilities(test),
      plan.goal());
    double seconds = progress.elapsedSeconds();
    double rate = progress.rowEpochsPerSecond();
    WrittenModel model = plan.writeModel() ? write(data, plan, settingsJson, ensemble, crossValidation, holdout,
      test) : null;
    return new Outcome(settingsJson, crossValidation, holdout, model, seconds, rate);
  }

  private static WrittenModel write(TrainingData data, Plan plan, JsonObject settingsJson, Ensemble ensemble,
                                    Evaluation crossValidation, Evaluation holdout, TrainingData checkRows) {
    String fingerprint = data.fingerprint();
    JsonObject metrics = new JsonObject().put("holdout", holdout.toJson());
    if (crossValidation != null) {
      metrics.put("cv", crossValidation.toJson());
    }
    ModelCard card = new ModelCard(plan.name(), version(plan.name(), fingerprint, settingsJson), data.classes(),
      data.featureNames(), plan.settings().members(), fingerprint, metrics.encode(),
      holdout.detector() == null ? null : holdout.detector().threshold());
    byte[] onnx = OnnxMlpWriter.write(ensemble.members(), card);
    return new WrittenModel(card, onnx, OnnxParity.maxAbsDiff(onnx, ensemble, checkRows), checkRows.rows());
  }

  /**
   * {@code <name>-<12 hex>} from the data fingerprint and every setting (seed included): retraining the same
   * thing the same way names the same model, anything different names another.
   */
  static String version(String name, String fingerprint, JsonObject settingsJson) {
    MessageDigest sha = TrainingData.sha256();
    sha.update((fingerprint + "\n" + settingsJson.encode()).getBytes(StandardCharsets.UTF_8));
    return name + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
  }

  /** The settings as reported in {@code --json} and stored with the model. */
  static JsonObject settingsJson(TrainingData data, Plan plan) {
    JsonObject json = plan.settings().toJson().put("k", plan.folds()).put("label", data.labelName())
      .put("rows", data.rows()).put("features", data.width()).put("classes", new JsonArray(data.classes()));
    if (plan.goal() != null) {
      json.put("positive", data.classes().get(plan.goal().positive())).put("max_fpr", plan.goal().maxFpr());
    }
    return json;
  }
}
