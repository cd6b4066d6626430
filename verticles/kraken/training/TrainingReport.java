package kraken.training;

import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code kraken train} prints on stdout: a readable summary, or with {@code --json} exactly one JSON object
 * (metrics of the leading evaluation at the top level, the settings, the cross-validation and held-out
 * evaluations, and the model when one was written).
 */
final class TrainingReport {

  /** Where the model went: its file and whether the model store holds it, with a line saying so. */
  record ModelFacts(Path path, boolean stored, String storeNote) {
  }

  private final TrainingData data;
  private final TrainingRun.Outcome outcome;

  TrainingReport(TrainingData data, TrainingRun.Outcome outcome) {
    this.data = data;
    this.outcome = outcome;
  }

  void print(PrintWriter out, boolean asJson, ModelFacts model) {
    if (asJson) {
      out.println(toJson(model).encode());
    } else {
      out.print(text(model));
    }
    out.flush();
  }

  JsonObject toJson(ModelFacts facts) {
    JsonObject json = outcome.primary().toJson().put("settings", outcome.settings());
    if (outcome.crossValidation() != null) {
      json.put("cv", outcome.crossValidation().toJson());
    }
    if (outcome.holdout() != null) {
      json.put("holdout", outcome.holdout().toJson());
    }
    json.put("train_seconds", outcome.trainSeconds()).put("row_epochs_per_second", outcome.rowEpochsPerSecond());
    TrainingRun.WrittenModel model = outcome.model();
    if (model != null && facts != null) {
      json.put("model", new JsonObject().put("name", model.card().name()).put("version", model.card().version())
        .put("path", facts.path().toString()).put("bytes", model.onnx().length)
        .put("data_fingerprint", model.card().dataFingerprint()).put("onnx_max_abs_diff", model.onnxMaxAbsDiff())
        .put("onnx_checked_rows", model.checkedRows()).put("decision_threshold", model.card().decisionThreshold())
        .put("stored", facts.stored()));
    }
    return json;
  }

  String text(ModelFacts facts) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "data: %,d rows, %d features, %d classes (%s), label column %s%n",
      data.rows(), data.width(), data.classes().size(), String.join(", ", data.classes()), data.labelName()));
    if (outcome.crossValidation() != null) {
      Evaluation cv = outcome.crossValidation();
      text.append(String.format(Locale.ROOT, "cross-validation, %d folds: accuracy %.4f ± %.4f, macro-F1 %.4f, "
        + "ECE %.4f%n", cv.foldAccuracies().length, cv.accuracyMean(), cv.accuracyStd(), cv.report().macroF1(),
        cv.report().ece()));
      perClass(text, cv);
    }
    if (outcome.holdout() != null) {
      Evaluation holdout = outcome.holdout();
      text.append(String.format(Locale.ROOT, "final model on %,d held-out rows: accuracy %.4f, macro-F1 %.4f, "
        + "ECE %.4f%n", holdout.report().rows(), holdout.accuracyMean(), holdout.report().macroF1(),
        holdout.report().ece()));
      if (outcome.crossValidation() == null) {
        perClass(text, holdout);
      } else if (holdout.detector() != null) {
        detector(text, holdout.detector());
      }
    }
    text.append(String.format(Locale.ROOT, "trained in %.1f s, %,.0f row-epochs/s%n", outcome.trainSeconds(),
      outcome.rowEpochsPerSecond()));
    TrainingRun.WrittenModel model = outcome.model();
    if (model != null && facts != null) {
      text.append(String.format(Locale.ROOT, "model %s written to %s (%,d bytes); ONNX Runtime matches the Java "
          + "ensemble within %.2g on %,d held-out rows%n", model.card().version(), facts.path(), model.onnx().length,
        model.onnxMaxAbsDiff(), model.checkedRows()));
      text.append(facts.storeNote()).append(System.lineSeparator());
    }
    return text.toString();
  }

  private static void perClass(StringBuilder text, Evaluation evaluation) {
    ClassificationReport report = evaluation.report();
    int width = Math.max(5, report.classes().stream().mapToInt(String::length).max().orElse(5));
    text.append(String.format(Locale.ROOT, "  %-" + width + "s  precision  recall  f1      support%n", "class"));
    for (int c = 0; c < report.classes().size(); c++) {
      ClassificationReport.ClassMetrics m = report.perClass().get(c);
      text.append(String.format(Locale.ROOT, "  %-" + width + "s  %.4f     %.4f  %.4f  %d%n", report.classes().get(c),
        m.precision(), m.recall(), m.f1(), m.support()));
    }
    if (evaluation.detector() != null) {
      detector(text, evaluation.detector());
    }
  }

  private static void detector(StringBuilder text, DetectorThreshold detector) {
    {
      text.append(String.format(Locale.ROOT, "  detector '%s': threshold %.6f on P(%s) gives recall %.4f at "
          + "false-positive rate %.4f (bound %.4f; %d positives, %d negatives)%n", detector.positiveClass(),
        detector.threshold(), detector.positiveClass(), detector.recall(), detector.fpr(), detector.maxFpr(),
        detector.positives(), detector.negatives()));
    }
  }
}
