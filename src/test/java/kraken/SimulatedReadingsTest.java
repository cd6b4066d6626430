package kraken;

import io.vertx.core.json.JsonObject;
import kraken.bus.PayloadFormat;
import kraken.ingest.ReadingParser;
import kraken.ingest.ReadingRules;
import kraken.simulation.Anomaly;
import kraken.simulation.GroundTruth;
import kraken.simulation.Ocean;
import kraken.simulation.OwnShip;
import kraken.simulation.SimulatedReading;
import kraken.simulation.VesselClass;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("The simulated ocean is reproducible, sends only readings ingest accepts, and its truth fits the readings")
class SimulatedReadingsTest {

  private static final int READINGS = 20_000;

  /** Twenty thousand readings at 100 per second of simulated time: over three simulated minutes. */
  private static List<SimulatedReading> ocean(long seed) {
    Ocean ocean = Ocean.withSeed(seed);
    List<SimulatedReading> readings = new ArrayList<>(READINGS);
    for (int i = 0; i < READINGS; i++) {
      readings.add(ocean.next(Ocean.DEFAULT_START_MS + i * 10L));
    }
    return readings;
  }

  @Test
  @DisplayName("the same seed gives the same readings and truth, byte for byte; another seed does not")
  void reproducibleFromASeed() {
    Ocean a = Ocean.withSeed(7);
    Ocean b = Ocean.withSeed(7);
    Ocean c = Ocean.withSeed(8);
    boolean differs = false;
    for (int i = 0; i < 2_000; i++) {
      long at = Ocean.DEFAULT_START_MS + i * 50L;
      SimulatedReading first = a.next(at);
      assertThat(b.next(at).toJson()).isEqualTo(first.toJson());
      differs |= !c.next(at).toJson().equals(first.toJson());
    }
    assertThat(differs).isTrue();
  }

  @Test
  @DisplayName("every simulated reading, anomalies included, passes ingest's rules and carries no truth")
  void everySimulatedReadingIsValid() {
    List<SimulatedReading> readings = ocean(11);
    for (int i = 0; i < readings.size(); i++) {
      JsonObject reading = readings.get(i).reading();
      ReadingRules.Verdict verdict = ReadingParser.parse(i, reading, reading.getLong("timestamp"));
      assertThat(verdict.problems()).as("reading %d (%s)", i, readings.get(i).truth().anomaly()).isEmpty();
      assertThat(reading.encode()).doesNotContain("vesselClass", "vesselId", readings.get(i).truth().vesselId());
    }
  }

  @Test
  @DisplayName("truth fits the fields: range from the echo's return time, bearing from the towed array, optical position")
  void truthIsConsistentWithTheFields() {
    for (SimulatedReading r : ocean(12)) {
      GroundTruth truth = r.truth();
      JsonObject type = r.reading().getJsonObject("sensorType");
      if (truth.anomaly() != Anomaly.None) {
        continue;
      }
      switch (type.getString("type")) {
        case "SonarActive" -> assertThat(type.getDouble("returnTimeMs") * PayloadFormat.SOUND_SPEED_MPS / 2 / 1000)
          .isCloseTo(truth.rangeM(), within(0.5));
        case "SonarPassive" -> {
          double difference = Math.abs(type.getDouble("bearing") - truth.bearing());
          assertThat(Math.min(difference, 360 - difference)).isLessThan(0.6);
        }
        case "SatelliteOptical" -> {
          assertThat(truth.depth()).isLessThan(5);
          assertThat(OwnShip.rangeM(type.getDouble("lat"), type.getDouble("lon"))).isCloseTo(truth.rangeM(), within(20.0));
        }
        default -> { }
      }
      assertThat(r.reading().getString("sensorId")).matches("[a-z-]+:T\\d{2,}");
      assertThat(truth.threatLevel()).isEqualTo(GroundTruth.doctrine(truth.vesselClass(), truth.rangeM(),
        truth.closingSpeedMps()));
      assertThat(truth.timeToThreatMs() != null).isEqualTo(truth.closingSpeedMps() > 0.1);
      assertThat(GroundTruth.fromJson(truth.toJson())).isEqualTo(truth);
    }
  }

  @Test
  @DisplayName("all seven classes are seen, anomalies come at 5 % split evenly by kind, and track numbers are per sensor")
  void classesAndAnomalyRates() {
    List<SimulatedReading> readings = ocean(13);
    Map<VesselClass, Integer> byClass = new EnumMap<>(VesselClass.class);
    Map<Anomaly, Integer> byAnomaly = new EnumMap<>(Anomaly.class);
    Map<String, Set<String>> sensorIdsByVessel = new HashMap<>();
    for (SimulatedReading r : readings) {
      byClass.merge(r.truth().vesselClass(), 1, Integer::sum);
      byAnomaly.merge(r.truth().anomaly(), 1, Integer::sum);
      sensorIdsByVessel.computeIfAbsent(r.truth().vesselId(), v -> new HashSet<>()).add(r.reading().getString("sensorId"));
    }
    assertThat(byClass).containsOnlyKeys(VesselClass.values());
    assertThat(byAnomaly.get(Anomaly.None) / (double) READINGS).isCloseTo(0.95, within(0.01));
    for (Anomaly kind : List.of(Anomaly.Spoofed, Anomaly.Corrupted, Anomaly.FaultySensor)) {
      assertThat(byAnomaly.get(kind) / (double) READINGS).as("%s", kind).isCloseTo(0.0167, within(0.005));
    }
    Map<String, String> vesselBySensorId = new HashMap<>();
    sensorIdsByVessel.forEach((vessel, ids) -> ids.forEach(id ->
      assertThat(vesselBySensorId.put(id, vessel)).as("one track, one vessel: %s", id).isNull()));
  }
}
