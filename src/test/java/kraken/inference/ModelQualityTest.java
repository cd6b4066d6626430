package kraken.inference;

import kraken.bus.ContactUpdate;
import kraken.bus.SensorReading;
import kraken.simulation.Anomaly;
import kraken.simulation.Ocean;
import kraken.simulation.SimulatedReading;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped models on held-out simulator data: an ocean from a seed the training never saw, run through exactly
 * the scoring steps serving runs, in one-second batches. The figures are printed for the README.
 */
@DisplayName("The default models, on a held-out ocean")
class ModelQualityTest {

  /** Training used seeds 20261125 to 20261129 (scripts/train-models.sh). */
  static final long HELD_OUT_SEED = 7;
  static final int VESSELS = 48;
  static final int SECONDS = 600;
  static final double RATE = 100;
  /** A contact is classified every this many seconds, from its evidence so far. */
  static final int WINDOW_S = 10;

  static OfflineModels models;
  static final Map<String, Long> anomalyCounts = new TreeMap<>();
  static final List<String[]> byVessel = new ArrayList<>();
  static final List<String[]> byTrack = new ArrayList<>();
  static final List<double[]> threatCalibration = new ArrayList<>();
  static final List<double[]> trackCalibration = new ArrayList<>();

  @BeforeAll
  static void runHeldOutOcean() {
    models = OfflineModels.fromJar();
    assertThat(models.roles()).containsExactlyInAnyOrderElementsOf(ModelRoles.ALL);
    Ocean ocean = new Ocean(HELD_OUT_SEED, VESSELS, Ocean.DEFAULT_ANOMALY_RATE, "held-out", Ocean.DEFAULT_START_MS);
    OfflineScorer perVessel = new OfflineScorer(models, 1_000_000);
    OfflineScorer perTrack = new OfflineScorer(models, 1_000_000);
    for (int second = 0; second < SECONDS; second++) {
      List<SensorReading> readings = new ArrayList<>();
      Map<String, SimulatedReading> truth = new HashMap<>();
      for (int i = 0; i < RATE; i++) {
        SimulatedReading simulated = ocean.next(Ocean.DEFAULT_START_MS + second * 1000L + (long) (i * 1000 / RATE));
        SensorReading reading = simulated.sensorReading();
        readings.add(reading);
        truth.put(reading.id(), simulated);
      }
      long now = Ocean.DEFAULT_START_MS + second * 1000L + 999;
      Function<SensorReading, String> vessel = r -> truth.get(r.id()).truth().vesselId();
      OfflineScorer.Scored vessels = perVessel.assess(readings, vessel, now);
      OfflineScorer.Scored tracks = perTrack.assess(readings, ContactKeys::contactOf, now);
      countAnomalies(vessels, readings, truth);
      calibrate(vessels, readings, truth, threatCalibration);
      calibrate(tracks, readings, truth, trackCalibration);
      if ((second + 1) % WINDOW_S == 0) {
        classify(vessels, readings, truth, byVessel);
        classify(tracks, readings, truth, byTrack);
      }
    }
    System.out.printf(Locale.ROOT, "model quality (held-out seed %d, %d vessels, %d s at %.0f readings/s):%n"
        + "  contact classification macro-F1 %.4f per vessel (all sensors fused), %.4f per sensor track (%d / %d contacts)%n"
        + "  anomaly detection recall %.4f at false-positive rate %.4f (%s)%n"
        + "  threat-level confidence ECE %.4f over %d assessments per vessel (accuracy %.4f, mean confidence %.4f), "
        + "%.4f per sensor track (accuracy %.4f)%n",
      HELD_OUT_SEED, VESSELS, SECONDS, RATE, macroF1(byVessel), macroF1(byTrack), byVessel.size(), byTrack.size(),
      recall(), falsePositiveRate(), anomalyCounts, ece(threatCalibration), threatCalibration.size(),
      threatCalibration.stream().mapToDouble(s -> s[1]).average().orElse(0),
      threatCalibration.stream().mapToDouble(s -> s[0]).average().orElse(0), ece(trackCalibration),
      trackCalibration.stream().mapToDouble(s -> s[1]).average().orElse(0));
  }

  @AfterAll
  static void close() {
    models.close();
  }

  @Test
  @DisplayName("classify contacts (all of a vessel's readings fused) at macro-F1 0.95 or better")
  void contactClassification() {
    assertThat(byVessel).hasSizeGreaterThan(1000);
    assertThat(macroF1(byVessel)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  @DisplayName("find 95 % of poisoned readings in 5 % poisoned streams with at most 2 % false positives")
  void anomalyDetection() {
    assertThat(anomalyCounts.get("tp") + anomalyCounts.get("fn")).isGreaterThan(1000);
    assertThat(recall()).isGreaterThanOrEqualTo(0.95);
    assertThat(falsePositiveRate()).isLessThanOrEqualTo(0.02);
  }

  @Test
  @DisplayName("state a threat level whose confidence is calibrated: expected calibration error 0.05 or less")
  void calibration() {
    assertThat(threatCalibration).hasSizeGreaterThan(1000);
    assertThat(ece(threatCalibration)).as("contacts = vessels").isLessThanOrEqualTo(0.05);
    assertThat(ece(trackCalibration)).as("contacts = sensor tracks").isLessThanOrEqualTo(0.05);
  }

  private static void countAnomalies(OfflineScorer.Scored scored, List<SensorReading> readings,
                                     Map<String, SimulatedReading> truth) {
    Set<String> flagged = new HashSet<>();
    scored.fused().contacts().forEach(c -> flagged.addAll(c.flaggedReadingIds()));
    for (SensorReading reading : readings) {
      boolean poisoned = truth.get(reading.id()).truth().anomaly() != Anomaly.None;
      String outcome = poisoned ? (flagged.contains(reading.id()) ? "tp" : "fn")
        : (flagged.contains(reading.id()) ? "fp" : "tn");
      anomalyCounts.merge(outcome, 1L, Long::sum);
    }
  }

  private static void calibrate(OfflineScorer.Scored scored, List<SensorReading> readings,
                                Map<String, SimulatedReading> truth, List<double[]> samples) {
    for (int k = 0; k < scored.updates().size(); k++) {
      ContactUpdate update = scored.updates().get(k);
      List<Integer> members = scored.fused().contacts().get(k).readings();
      SensorReading last = readings.get(members.get(members.size() - 1));
      boolean right = truth.get(last.id()).truth().threatLevel() == update.assessment().threatLevel();
      samples.add(new double[] {update.assessment().confidence(), right ? 1 : 0});
    }
  }

  private static void classify(OfflineScorer.Scored scored, List<SensorReading> readings,
                               Map<String, SimulatedReading> truth, List<String[]> pairs) {
    for (ScoringSteps.ContactState contact : scored.fused().contacts()) {
      SensorReading last = readings.get(contact.readings().get(contact.readings().size() - 1));
      double[] posterior = contact.posterior();
      int best = 0;
      for (int c = 1; c < posterior.length; c++) {
        best = posterior[c] > posterior[best] ? c : best;
      }
      pairs.add(new String[] {truth.get(last.id()).truth().vesselClass().name(), ScoringSteps.CLASSES.get(best)});
    }
  }

  static double macroF1(List<String[]> pairs) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String[] pair : pairs) {
      counts.computeIfAbsent(pair[0], k -> new int[3]);
      counts.computeIfAbsent(pair[1], k -> new int[3]);
      if (pair[0].equals(pair[1])) {
        counts.get(pair[0])[0]++;
      } else {
        counts.get(pair[1])[1]++;
        counts.get(pair[0])[2]++;
      }
    }
    return counts.values().stream().mapToDouble(c -> c[0] == 0 ? 0 : 2.0 * c[0] / (2.0 * c[0] + c[1] + c[2]))
      .average().orElse(0);
  }

  private static double recall() {
    return anomalyCounts.get("tp") / (double) (anomalyCounts.get("tp") + anomalyCounts.get("fn"));
  }

  private static double falsePositiveRate() {
    return anomalyCounts.getOrDefault("fp", 0L) / (double) (anomalyCounts.getOrDefault("fp", 0L)
      + anomalyCounts.get("tn"));
  }

  /** Expected calibration error over 15 equal-width confidence bins. */
  static double ece(List<double[]> samples) {
    int bins = 15;
    double[] confidence = new double[bins];
    double[] correct = new double[bins];
    int[] count = new int[bins];
    for (double[] s : samples) {
      int b = Math.min(bins - 1, (int) (s[0] * bins));
      confidence[b] += s[0];
      correct[b] += s[1];
      count[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += count[b] / (double) samples.size() * Math.abs(confidence[b] / count[b] - correct[b] / count[b]);
      }
    }
    return ece;
  }
}
