package kraken;

import kraken.ingest.ReadingParser;
import kraken.ingest.ReadingRules;
import kraken.simulation.OceanScenario;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The simulated ocean sends only readings ingest accepts")
class SimulatedReadingsTest {

  @Test
  @DisplayName("ten thousand readings of the scenario, over two simulated hours, all pass ingest's rules")
  void everySimulatedReadingIsValid() {
    OceanScenario scenario = new OceanScenario("sim-check", 11);
    long start = System.currentTimeMillis() - 7_200_000;
    for (int i = 0; i < 10_000; i++) {
      long now = start + i * 720L;
      ReadingRules.Verdict verdict = ReadingParser.parse(i, scenario.next(now), now);
      assertThat(verdict.problems()).as("reading %d", i).isEmpty();
    }
  }
}
