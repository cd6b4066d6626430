package kraken;

import kraken.config.Settings;
import kraken.ingest.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The README documents every configuration key and every rejection reason")
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
}
