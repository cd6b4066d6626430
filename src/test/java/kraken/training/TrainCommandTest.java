package kraken.training;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import kraken.Kraken;
import kraken.inference.ModelCard;
import kraken.storage.ModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("kraken train, end to end through the command line")
class TrainCommandTest {

  private final String role = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path dir;

  private int train(String... args) {
    CommandLine commandLine = Kraken.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 1];
    all[0] = "train";
    System.arraycopy(args, 0, all, 1, args.length);
    return commandLine.execute(all);
  }

  private Path blobsCsv() throws Exception {
    Path csv = dir.resolve("blobs.csv");
    Files.writeString(csv, Synthetic.csv(Synthetic.blobs(60, 3, 4, 21)));
    return csv;
  }

  @AfterEach
  void deleteOwnModels(Vertx vertx, VertxTestContext testContext) {
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(kraken.PostgresAvailableTest.uri()))
      .using(vertx).build();
    pool.query("SELECT to_regclass('models') IS NOT NULL AS present").execute()
      .compose(rows -> rows.iterator().next().getBoolean("present")
        ? pool.preparedQuery("DELETE FROM models WHERE name = $1").execute(Tuple.of(role)).mapEmpty()
        : io.vertx.core.Future.succeededFuture())
      .eventually(pool::close)
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("--cv with --json ends stdout with one JSON object of metrics, per-class figures and settings")
  void crossValidationJson() throws Exception {
    int exit = train("--csv", blobsCsv().toString(), "--cv", "3", "--json", "--epochs", "20", "--batch", "16", "--hidden", "16,8",
      "--members", "2", "--seed", "5", "--positive", "c2", "--max-fpr", "0.05");
    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonObject json = new JsonObject(lines[0]);
    assertThat(json.getString("evaluation")).isEqualTo("cv");
    assertThat(json.getDouble("accuracy_mean")).isGreaterThan(0.95);
    assertThat(json.getDouble("accuracy_std")).isBetween(0.0, 0.1);
    assertThat(json.getJsonArray("fold_accuracies")).hasSize(3);
    assertThat(json.getDouble("macro_f1")).isGreaterThan(0.95);
    assertThat(json.getDouble("ece")).isBetween(0.0, 0.2);
    assertThat(json.getJsonObject("per_class").fieldNames()).containsExactly("c0", "c1", "c2");
    assertThat(json.getJsonObject("per_class").getJsonObject("c1").getInteger("support")).isEqualTo(60);
    assertThat(json.getJsonObject("per_class").getJsonObject("c1").fieldNames())
      .containsExactlyInAnyOrder("precision", "recall", "f1", "support");
    assertThat(json.getJsonObject("detector").getDouble("fpr")).isLessThanOrEqualTo(0.05);
    assertThat(json.getJsonObject("settings").getMap()).containsAllEntriesOf(Map.of("seed", 5, "epochs", 20,
      "batch", 16, "members", 2, "k", 3, "label", "class", "rows", 180, "features", 4));
    assertThat(json.getJsonObject("settings").getJsonArray("hidden").getList()).containsExactly(16, 8);
    assertThat(json.getJsonObject("settings").getJsonArray("classes").getList()).containsExactly("c0", "c1", "c2");
    assertThat(json.containsKey("model")).as("no model without --out").isFalse();
    assertThat(err.toString()).contains("kraken train: fold 3/3, member 2/2: loss ", "row-epochs/s", "ETA");
  }

  @Test
  @DisplayName("--out writes the ONNX file, checks it in ONNX Runtime and stores it once in the real model store")
  void writesAndStores(Vertx vertx, VertxTestContext testContext) throws Exception {
    Path model = dir.resolve("models/blobs.onnx");
    String[] args = {"--csv", blobsCsv().toString(), "--name", role, "--out", model.toString(), "--json",
      "--epochs", "5", "--members", "2", "--postgres-uri", kraken.PostgresAvailableTest.uri()};
    assertThat(train(args)).as("exit code; stderr: %s", err).isZero();
    JsonObject first = new JsonObject(out.toString().strip());
    out.getBuffer().setLength(0);
    assertThat(train(args)).as("second run, same settings").isZero();
    JsonObject again = new JsonObject(out.toString().strip());
    JsonObject written = first.getJsonObject("model");
    assertThat(again.getJsonObject("model").getString("version")).isEqualTo(written.getString("version"));
    assertThat(written.getString("name")).isEqualTo(role);
    assertThat(written.getString("version")).matches(role + "-[0-9a-f]{12}");
    assertThat(written.getString("path")).isEqualTo(model.toString());
    assertThat(written.getDouble("onnx_max_abs_diff")).isLessThan(1e-4);
    assertThat(written.getBoolean("stored")).isTrue();
    byte[] onnx = Files.readAllBytes(model);
    ModelCard card = ModelCard.of(onnx);
    assertThat(written.getString("data_fingerprint")).isEqualTo(card.dataFingerprint()).startsWith("sha256:");
    assertThat(first.getString("evaluation")).isEqualTo("holdout");
    assertThat(first.getValue("accuracy_std")).as("one held-out part has no spread").isNull();

    ModelStore store = ModelStore.create(vertx, kraken.config.KrakenConfig.defaults()
      .with(Map.of(kraken.config.Settings.POSTGRES_URI, kraken.PostgresAvailableTest.uri())));
    store.latest(role)
      .compose(latest -> store.list().map(list -> {
        testContext.verify(() -> {
          assertThat(latest).isPresent();
          assertThat(latest.get().onnx()).isEqualTo(onnx);
          assertThat(latest.get().card()).isEqualTo(card);
          assertThat(latest.get().settings().getInteger("epochs")).isEqualTo(5);
          assertThat(list.stream().filter(m -> m.name().equals(role)).toList()).as("stored once").hasSize(1);
        });
        return null;
      }))
      .eventually(store::close)
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("user errors exit 2 with one line naming the problem and no stack trace")
  void userErrorsExit2() throws Exception {
    Path ragged = dir.resolve("ragged.csv");
    Files.writeString(ragged, "a,b,kind\n1,2,x\n3,y\n");
    assertThat(train("--csv", ragged.toString())).isEqualTo(2);
    assertThat(train("--csv", blobsCsv().toString(), "--label", "nope")).isEqualTo(2);
    assertThat(train("--csv", blobsCsv().toString(), "--positive", "c9")).isEqualTo(2);
    assertThat(train("--csv", blobsCsv().toString(), "--cv", "61")).isEqualTo(2);
    assertThat(train("--csv", dir.resolve("absent.csv").toString())).isEqualTo(2);
    assertThat(err.toString().lines().toList()).containsExactly(
      "kraken train: " + ragged + " line 3 has 2 columns, line 1 has 3: every row needs the same number of "
        + "comma-separated cells",
      "kraken train: --label 'nope' is not a column of " + dir.resolve("blobs.csv")
        + ": give a header name (f0, f1, f2, f3, class) or a 0-based column index",
      "kraken train: --positive 'c9' is not a class of " + dir.resolve("blobs.csv") + ": its classes are c0, c1, c2",
      "kraken train: class 'c0' has 60 rows: --cv 61 needs at least 61 rows of every class (one per fold); use "
        + "fewer folds or more data",
      "kraken train: --csv " + dir.resolve("absent.csv") + ": no such file");
  }
}
