package kraken.bench;

import io.vertx.core.json.JsonObject;
import kraken.Kraken;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a benchmark sub-command as the jar would, and hands back the JSON object its stdout ends with. */
final class BenchRun {

  private BenchRun() {
  }

  static JsonObject json(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = Kraken.commandLine().execute(args);
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("exit code; stdout:%n%s", out).isZero();
    List<String> lines = out.lines().toList();
    return new JsonObject(lines.get(lines.size() - 1));
  }
}
