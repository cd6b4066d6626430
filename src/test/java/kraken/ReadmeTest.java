package kraken;

import kraken.config.Settings;
import kraken.ingest.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The README documents every configuration key, every rejection reason and the command CI runs")
class ReadmeTest {

  @Test
  @DisplayName("each key of Settings and each ingest reason code appears in README.md")
  void readmeIsComplete() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Settings.all().keySet().forEach(key -> assertThat(readme).as("config key").contains("`" + key + "`"));
    for (Problem.Reason reason : Problem.Reason.values()) {
      assertThat(readme).as("reason code").contains("`" + reason.name() + "`");
    }
  }

  @Test
  @DisplayName(".ci/run runs exactly the README's test command")
  void ciRunsTheReadmeTestCommand() throws Exception {
    List<String> commands = Files.readAllLines(Path.of(".ci", "run")).stream().map(String::strip)
      .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("set ") && !line.startsWith("cd "))
      .toList();
    assertThat(commands).as("the commands of .ci/run").containsExactly("bash scripts/test.sh");
    assertThat(Files.readString(Path.of("README.md"))).as("README's test block")
      .contains("Test (the whole suite", "```sh\nbash scripts/test.sh\n```");
  }

  @Test
  @DisplayName("the README's table of sensor kinds has every kind, field and range that SensorKind defines")
  void sensorKindTableMatchesTheCode() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    for (kraken.bus.SensorKind kind : kraken.bus.SensorKind.values()) {
      String row = lines.stream().filter(line -> line.startsWith("| `" + kind.name() + "`")).findFirst()
        .orElseThrow(() -> new AssertionError("no README row for sensor kind " + kind));
      for (kraken.bus.SensorKind.Field field : kind.fields()) {
        assertThat(row).as("README row of %s", kind).contains("`" + field.name() + "` " + rangeAsWritten(field));
      }
    }
  }

  /** How the README writes a field's range: interval notation, "integer 0-22", the choices, the band rule. */
  private static String rangeAsWritten(kraken.bus.SensorKind.Field field) {
    java.util.function.DoubleFunction<String> number = v -> v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    return switch (field.shape()) {
      case NUMBER -> (field.unit() != null && field.unit().equals("dBm") ? "dBm " : "")
        + (field.minInclusive() ? "[" : "(") + number.apply(field.min()) + ", " + number.apply(field.max())
        + (field.maxInclusive() ? "]" : ")");
      case INTEGER -> "integer " + number.apply(field.min()) + "-" + number.apply(field.max());
      case CHOICE -> String.join(", ", java.util.Arrays.stream(field.choices().getEnumConstants())
        .map(c -> "`" + c.name() + "`").toList());
      case FREQUENCY_RANGE -> "`{lowMhz, highMhz}` with 0 < low < high <= " + number.apply(field.max());
    };
  }
}
