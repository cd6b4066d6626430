package kraken.training;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.config.ConfigException;
import kraken.config.ConfigLoader;
import kraken.config.KrakenConfig;
import kraken.config.Settings;
import kraken.storage.Migrations;
import kraken.storage.ModelStore;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** {@code kraken train}: an MLP ensemble from a CSV, cross-validated, written as ONNX and kept in the model store. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
  description = {"Trains an ensemble of MLP classifiers (ReLU hidden layers, softmax output, Adam) on a CSV of "
    + "numeric features and a label column. --cv K cross-validates (stratified k-fold); --out writes the final "
    + "model as ONNX (trained on 90 %% of the rows, checked in ONNX Runtime on the other 10 %%) and stores it in the "
    + "PostgreSQL model store when postgres.uri is set. Without --cv and --out it trains and reports the held-out "
    + "10 %%. A progress line per trained member goes to stderr.",
    "",
    "CSV: comma-separated; a first row whose feature cells are not all numbers is a header; features are finite "
      + "numbers; labels any text. Classes are sorted (numerically when all labels are numbers).", ""})
public final class TrainCommand implements Callable<Integer> {

  static final int EXIT_USAGE = 2;
  static final int EXIT_FAILED = 1;

  @Spec
  CommandSpec spec;

  @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The training data.")
  Path csv;

  @Option(names = "--label", paramLabel = "COL", description = "Label column: a header name or a 0-based index "
    + "(default: the last column).")
  String label;

  @Option(names = "--name", paramLabel = "ROLE", description = "The model's role, e.g. sonar (default: the CSV file "
    + "name without extension).")
  String name;

  @Option(names = "--cv", paramLabel = "K", description = "Stratified K-fold cross-validation (K >= 2).")
  Integer folds;

  @Option(names = "--seed", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--hidden", paramLabel = "SIZES", split = ",", description = "Hidden layer sizes, e.g. 64 or 64,32 "
    + "(default 64).")
  List<Integer> hidden = new ArrayList<>(TrainingSettings.DEFAULT_HIDDEN);

  @Option(names = "--epochs", description = "Passes over the training rows (default ${DEFAULT-VALUE}).")
  int epochs = TrainingSettings.DEFAULT_EPOCHS;

  @Option(names = "--batch", description = "Rows per Adam step (default ${DEFAULT-VALUE}).")
  int batch = TrainingSettings.DEFAULT_BATCH;

  @Option(names = "--learning-rate", description = "Adam's step size (default ${DEFAULT-VALUE}).")
  double learningRate = TrainingSettings.DEFAULT_LEARNING_RATE;

  @Option(names = "--l2", description = "L2 penalty on weights (default ${DEFAULT-VALUE}).")
  double l2 = TrainingSettings.DEFAULT_L2;

  @Option(names = "--members", description = "Ensemble members, differing by seed; their spread is the model's "
    + "uncertainty (default ${DEFAULT-VALUE}).")
  int members = TrainingSettings.DEFAULT_MEMBERS;

  @Option(names = "--positive", paramLabel = "CLASS", description = "For a detector: the class to flag. A decision "
    + "threshold on P(CLASS) is chosen on held-out rows to keep the false-positive rate <= --max-fpr.")
  String positive;

  @Option(names = "--max-fpr", paramLabel = "RATE", description = "Highest false-positive rate of the detector on "
    + "held-out rows (default 0.02; needs --positive).")
  Double maxFpr;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the model here as ONNX (with its model card).")
  Path out;

  @Option(names = "--json", description = "Print only one JSON object on stdout: metrics, settings and the model.")
  boolean json;

  @Option(names = "--postgres-uri", paramLabel = "URI", description = "The model store's database (same as "
    + "--set postgres.uri=URI).")
  String postgresUri;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file, as for the node.")
  Path configFile;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Set a configuration key, as for the node.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() {
    kraken.launcher.LogSetup.toolLogsToStderr();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(spec.commandLine().getOut(), err);
    } catch (TrainingInputException e) {
      err.println("kraken train: " + e.getMessage());
      return EXIT_USAGE;
    } catch (ConfigException e) {
      err.println("kraken train: configuration error: " + e.getMessage());
      return EXIT_USAGE;
    } finally {
      err.flush();
    }
  }

  private int run(PrintWriter stdout, PrintWriter err) {
    TrainingSettings trainingSettings = new TrainingSettings(hidden, epochs, batch, learningRate, l2, members, seed);
    if (maxFpr != null && positive == null) {
      throw new TrainingInputException("--max-fpr needs --positive CLASS: the class whose false positives it bounds");
    }
    double fprBound = maxFpr == null ? 0.02 : maxFpr;
    if (!(fprBound > 0 && fprBound < 1)) {
      throw new TrainingInputException("--max-fpr " + fprBound + " is not valid: expected a rate in (0, 1)");
    }
    String role = name != null ? validRole(name) : defaultRole(csv);
    KrakenConfig config = out == null ? null : loadConfig();
    TrainingData data = TrainingCsv.read(csv, label);
    Evaluation.DetectorGoal goal = positive == null ? null : new Evaluation.DetectorGoal(positiveIndex(data), fprBound);
    TrainingRun.Outcome outcome = TrainingRun.run(data,
      new TrainingRun.Plan(role, trainingSettings, folds, goal, out != null), err);
    TrainingReport report = new TrainingReport(data, outcome);
    if (outcome.model() == null) {
      report.print(stdout, json, null);
      return 0;
    }
    TrainingRun.WrittenModel model = outcome.model();
    if (!(model.onnxMaxAbsDiff() <= OnnxParity.MAX_ABS_DIFF)) {
      err.printf("kraken train: the ONNX model does not compute what was trained: ONNX Runtime differs from the "
        + "Java ensemble by up to %.3g on %d held-out rows (at most %.0e allowed); nothing written%n",
        model.onnxMaxAbsDiff(), model.checkedRows(), OnnxParity.MAX_ABS_DIFF);
      return EXIT_FAILED;
    }
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(out, model.onnx());
    } catch (IOException e) {
      err.println("kraken train: cannot write " + out + ": " + e.getMessage());
      return EXIT_FAILED;
    }
    StoreResult stored = store(config, model, outcome.settings());
    report.print(stdout, json, new TrainingReport.ModelFacts(out, stored.stored(), stored.note()));
    if (stored.failure() != null) {
      err.println("kraken train: model written to " + out + " but not stored: " + stored.failure());
      return EXIT_FAILED;
    }
    return 0;
  }

  /** What became of the model store: whether it holds the model now, a line for the summary, or why it failed. */
  private record StoreResult(boolean stored, String note, String failure) {
  }

  private StoreResult store(KrakenConfig config, TrainingRun.WrittenModel model, JsonObject settingsJson) {
    if (config.get(Settings.POSTGRES_URI).isEmpty()) {
      return new StoreResult(false, "not stored: no model store configured (" + Settings.POSTGRES_URI.key() + ")",
        null);
    }
    Vertx vertx = Vertx.vertx();
    ModelStore store = null;
    try {
      Migrations.run(vertx, config).toCompletionStage().toCompletableFuture().get();
      store = ModelStore.create(vertx, config);
      boolean isNew = store.save(model.card(), model.onnx(), settingsJson).toCompletionStage().toCompletableFuture()
        .get();
      return new StoreResult(true, (isNew ? "stored" : "already stored") + " in the model store at " + store.address()
        + " as " + model.card().name() + " " + model.card().version(), null);
    } catch (ExecutionException e) {
      return new StoreResult(false, "not stored", e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new StoreResult(false, "not stored", "interrupted");
    } finally {
      if (store != null) {
        store.close();
      }
      vertx.close();
    }
  }

  /** The node's configuration sources, so the model store is found exactly where the node would find it. */
  private KrakenConfig loadConfig() {
    Map<String, String> commandLine = new LinkedHashMap<>(settings);
    if (postgresUri != null) {
      commandLine.put(Settings.POSTGRES_URI.key(), postgresUri);
    }
    Vertx vertx = Vertx.vertx();
    try {
      return ConfigLoader.load(vertx, new ConfigLoader.Sources(configFile, System.getenv(), commandLine))
        .toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof ConfigException config ? config : new ConfigException(e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted while reading the configuration");
    } finally {
      vertx.close();
    }
  }

  private int positiveIndex(TrainingData data) {
    int index = data.classes().indexOf(positive);
    if (index < 0) {
      throw new TrainingInputException("--positive '" + positive + "' is not a class of " + csv + ": its classes are "
        + String.join(", ", data.classes()));
    }
    return index;
  }

  private static String validRole(String role) {
    if (!role.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw new TrainingInputException("--name '" + role + "' is not valid: expected 1 to 64 letters, digits, '_', "
        + "'.' or '-', starting with a letter or digit");
    }
    return role;
  }

  private static String defaultRole(Path csv) {
    String stem = csv.getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9_.-]", "-")
      .replaceFirst("^[^A-Za-z0-9]+", "");
    return stem.isEmpty() ? "model" : stem.substring(0, Math.min(64, stem.length()));
  }
}
