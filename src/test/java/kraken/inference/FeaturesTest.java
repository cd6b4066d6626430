package kraken.inference;

import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorKind;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.inference.features.AnomalyFeatures;
import kraken.inference.features.FeatureExtractor;
import kraken.inference.features.Modality;
import kraken.simulation.Anomaly;
import kraken.simulation.Ocean;
import kraken.simulation.SimulatedReading;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Features from raw payloads are defined, in range, deterministic and carry the class and the anomaly")
class FeaturesTest {

  private static final Map<Long, List<SimulatedReading>> OCEANS = new HashMap<>();

  private static synchronized List<SimulatedReading> ocean(long seed, int count) {
    return OCEANS.computeIfAbsent(seed, s -> {
      Ocean ocean = Ocean.withSeed(s);
      List<SimulatedReading> readings = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        readings.add(ocean.next(Ocean.DEFAULT_START_MS + i * 40L));
      }
      return readings;
    });
  }

  private static FeatureExtractor extractorFor(SensorKind kind) {
    return Modality.of(kind).extractor();
  }

  @Test
  @DisplayName("every feature of every simulated reading is finite and within [-1, 1], and extraction is deterministic")
  void featuresInRangeAndDeterministic() {
    Map<Modality, FeatureExtractor> extractors = new HashMap<>();
    AnomalyFeatures anomaly = new AnomalyFeatures();
    for (SimulatedReading simulated : ocean(21, 20_000).subList(0, 5_000)) {
      SensorReading reading = simulated.sensorReading();
      FeatureExtractor extractor = extractors.computeIfAbsent(Modality.of(SensorKind.of(reading.sensorType())),
        Modality::extractor);
      for (FeatureExtractor e : List.of(extractor, anomaly)) {
        float[] first = e.extract(reading);
        assertThat(first).hasSize(e.width()).hasSize(e.names().size());
        for (int i = 0; i < first.length; i++) {
          assertThat(first[i]).as("%s %s", e.names().get(i), simulated.truth()).isBetween(-1f, 1f);
        }
        assertThat(e.extract(reading)).containsExactly(first);
      }
    }
  }

  @Test
  @DisplayName("the scoring path's features, filled in chunks with the sonar row shared, equal each extractor's own")
  void chunkedFeaturesEqualOneExtractorEach() {
    List<SensorReading> readings = ocean(11, 600).stream().map(SimulatedReading::sensorReading).toList();
    ScoringSteps steps = new ScoringSteps(1000);
    ScoringSteps.Features whole = steps.features(readings);
    ScoringSteps.Features chunked = steps.layout(readings);
    steps.extract(chunked, 300, 600);
    steps.extract(chunked, 0, 300);
    AnomalyFeatures anomaly = new AnomalyFeatures();
    float[] alone = new float[readings.size() * anomaly.width()];
    for (int i = 0; i < readings.size(); i++) {
      anomaly.extract(readings.get(i), alone, i * anomaly.width());
    }
    assertThat(chunked.anomalyRows()).containsExactly(alone);
    assertThat(whole.anomalyRows()).containsExactly(alone);
    for (Modality m : Modality.values()) {
      assertThat(whole.count(m)).as(m.name()).isPositive();
      assertThat(chunked.rows(m)).as(m.name()).containsExactly(whole.rows(m));
    }
  }

  @Test
  @DisplayName("an empty, short or odd payload gives zeros and payload_ok = 0 for every kind, never an exception")
  void oddPayloadsAreDefined() {
    List<SensorType> types = List.of(new SensorType.SonarActive(0.5, 1000), new SensorType.SonarPassive(0.00005, 10),
      new SensorType.SatelliteOptical(59.5, 10.6, 15),
      new SensorType.SatelliteSignals(new SensorType.FrequencyRange(9000, 9500), -60),
      new SensorType.CommsIntercept(156.8, SensorType.Encryption.None));
    for (SensorType type : types) {
      for (byte[] payload : List.of(new byte[0], new byte[]{1, 2, 3}, new byte[2049], new byte[4 + 64])) {
        SensorReading reading = new SensorReading("r", "s", 0, type, payload, Classification.Secret, Priority.High);
        FeatureExtractor classifier = extractorFor(SensorKind.of(type));
        float[] features = classifier.extract(reading);
        assertThat(features).doesNotContain(Float.NaN);
        String ok = classifier.names().stream().filter(n -> n.endsWith("_ok")).findFirst().orElseThrow();
        if (payload.length < 64) {
          assertThat(features[classifier.names().indexOf(ok)]).as("%s of %s", ok, type.name()).isZero();
        }
        float[] anomalies = new AnomalyFeatures().extract(reading);
        assertThat(anomalies).doesNotContain(Float.NaN);
        if (payload.length < 64) {
          assertThat(anomalies[new AnomalyFeatures().names().indexOf("payload_ok")]).isZero();
        }
      }
    }
  }

  @Test
  @DisplayName("a nearest-centroid classifier on standardised features already tells the classes apart per modality")
  void classesAreSeparable() {
    List<SimulatedReading> train = ocean(31, 40_000);
    List<SimulatedReading> test = ocean(32, 40_000);
    for (Modality modality : Modality.values()) {
      FeatureExtractor extractor = modality.extractor();
      // one centroid per class and sensor kind (active and passive sonar look nothing alike); the class is scored
      java.util.function.Function<SimulatedReading, String> label = r -> r.truth().vesselClass() + "/"
        + r.reading().getJsonObject("sensorType").getString("type");
      Dataset trainSet = dataset(train, extractor, r -> modalityOf(r) == modality && r.truth().anomaly() == Anomaly.None,
        label);
      Dataset testSet = dataset(test, extractor, r -> modalityOf(r) == modality && r.truth().anomaly() == Anomaly.None,
        label);
      NearestCentroid model = NearestCentroid.fit(trainSet);
      double accuracy = model.classAccuracy(testSet);
      System.out.printf("separability %s: %d train, %d test rows, %d class/kind centroids, nearest-centroid accuracy %.3f%n",
        modality, trainSet.rows.size(), testSet.rows.size(), model.centroids.size(), accuracy);
      // per reading, at every range; the classifiers fuse a contact's readings, and an MLP is no centroid
      assertThat(accuracy).as("%s accuracy", modality).isGreaterThan(modality == Modality.SONAR ? 0.5 : 0.7);
    }
  }

  @Test
  @DisplayName("a nearest-centroid detector on the anomaly features finds most poisoned readings and few clean ones")
  void anomaliesAreSeparable() {
    AnomalyFeatures extractor = new AnomalyFeatures();
    java.util.function.Function<SimulatedReading, String> label = r ->
      SensorKind.of(r.sensorReading().sensorType()) + "/" + r.truth().anomaly();
    Dataset trainSet = dataset(ocean(31, 40_000), extractor, r -> true, label);
    Dataset testSet = dataset(ocean(32, 40_000), extractor, r -> true, label);
    NearestCentroid model = NearestCentroid.fit(trainSet);
    int anomalous = 0;
    int found = 0;
    int clean = 0;
    int falseAlarms = 0;
    for (int i = 0; i < testSet.rows.size(); i++) {
      boolean truth = !testSet.labels.get(i).endsWith("/None");
      boolean flagged = !model.predict(testSet.rows.get(i)).endsWith("/None");
      anomalous += truth ? 1 : 0;
      found += truth && flagged ? 1 : 0;
      clean += truth ? 0 : 1;
      falseAlarms += !truth && flagged ? 1 : 0;
    }
    double recall = found / (double) anomalous;
    double falsePositiveRate = falseAlarms / (double) clean;
    System.out.printf("separability ANOMALY: %d anomalous of %d test rows, nearest-centroid recall %.3f at "
      + "false-positive rate %.4f%n", anomalous, testSet.rows.size(), recall, falsePositiveRate);
    assertThat(recall).isGreaterThan(0.7);
    assertThat(falsePositiveRate).isLessThan(0.1);
  }

  private static Modality modalityOf(SimulatedReading r) {
    return Modality.of(SensorKind.byName(r.reading().getJsonObject("sensorType").getString("type")).orElseThrow());
  }

  private record Dataset(List<float[]> rows, List<String> labels) {
  }

  private static Dataset dataset(List<SimulatedReading> readings, FeatureExtractor extractor,
                                 java.util.function.Predicate<SimulatedReading> keep,
                                 java.util.function.Function<SimulatedReading, String> label) {
    Dataset data = new Dataset(new ArrayList<>(), new ArrayList<>());
    for (SimulatedReading r : readings) {
      if (keep.test(r)) {
        data.rows.add(extractor.extract(r.sensorReading()));
        data.labels.add(label.apply(r));
      }
    }
    return data;
  }

  /** Standardises each feature by the training mean and deviation, then picks the class whose centroid is nearest. */
  private record NearestCentroid(double[] mean, double[] std, Map<String, double[]> centroids) {

    static NearestCentroid fit(Dataset data) {
      int width = data.rows.get(0).length;
      double[] mean = new double[width];
      double[] std = new double[width];
      for (float[] row : data.rows) {
        for (int j = 0; j < width; j++) {
          mean[j] += row[j] / (double) data.rows.size();
        }
      }
      for (float[] row : data.rows) {
        for (int j = 0; j < width; j++) {
          std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / data.rows.size();
        }
      }
      for (int j = 0; j < width; j++) {
        std[j] = Math.sqrt(std[j]) + 1e-6;
      }
      Map<String, double[]> sums = new HashMap<>();
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < data.rows.size(); i++) {
        double[] sum = sums.computeIfAbsent(data.labels.get(i), l -> new double[width]);
        counts.merge(data.labels.get(i), 1, Integer::sum);
        for (int j = 0; j < width; j++) {
          sum[j] += (data.rows.get(i)[j] - mean[j]) / std[j];
        }
      }
      sums.forEach((l, sum) -> {
        for (int j = 0; j < width; j++) {
          sum[j] /= counts.get(l);
        }
      });
      return new NearestCentroid(mean, std, sums);
    }

    String predict(float[] row) {
      String best = null;
      double bestDistance = Double.MAX_VALUE;
      for (Map.Entry<String, double[]> c : centroids.entrySet()) {
        double distance = 0;
        for (int j = 0; j < row.length; j++) {
          double d = (row[j] - mean[j]) / std[j] - c.getValue()[j];
          distance += d * d;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c.getKey();
        }
      }
      return best;
    }

    /** Share of rows whose class (the label up to its '/') is predicted right. */
    double classAccuracy(Dataset data) {
      int right = 0;
      for (int i = 0; i < data.rows.size(); i++) {
        String predicted = predict(data.rows.get(i));
        String truth = data.labels.get(i);
        right += predicted.substring(0, predicted.indexOf('/')).equals(truth.substring(0, truth.indexOf('/'))) ? 1 : 0;
      }
      return right / (double) data.rows.size();
    }
  }
}
