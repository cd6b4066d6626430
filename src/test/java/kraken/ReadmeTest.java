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
}
