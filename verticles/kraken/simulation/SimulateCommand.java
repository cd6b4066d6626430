package kraken.simulation;

import io.vertx.core.json.JsonObject;
import kraken.bus.SensorKind;
import kraken.inference.features.AnomalyFeatures;
import kraken.inference.features.FeatureExtractor;
import kraken.inference.features.Modality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code kraken simulate}: runs the ocean offline and writes readings with their truth, or feature CSVs to train on. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
  description = {"Runs the simulated ocean for --duration of simulated time and writes JSON lines "
    + "{\"reading\": ..., \"truth\": ...}, or with --csv a CSV of features with a header and a last column 'label' "
    + "(the vessel class; Normal/Anomalous for --csv anomaly) for kraken train --csv. Classifier CSVs hold only the "
    + "modality's clean readings. A progress line goes to stderr each second.", ""})
public final class SimulateCommand implements Callable<Integer> {

  /** What --csv writes. */
  enum CsvKind { sonar, satellite, comms, anomaly, fusion }

  @Option(names = "--seed", description = "Seed of the ocean (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--duration", required = true, description = "Simulated time, e.g. 60s, 10m.")
  String duration;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write.")
  Path out;

  @Option(names = "--vessels", description = "Vessels in the picture at any time (default ${DEFAULT-VALUE}).")
  int vessels = Ocean.DEFAULT_VESSELS;

  @Option(names = "--anomaly-rate", description = "Share of readings poisoned, 0 to 1 (default ${DEFAULT-VALUE}).")
  double anomalyRate = Ocean.DEFAULT_ANOMALY_RATE;

  @Option(names = "--rate", description = "Readings per second of simulated time (default ${DEFAULT-VALUE}).")
  double rate = 100;

  @Option(names = "--csv", description = "sonar, satellite, comms or anomaly: write features instead of readings; "
    + "fusion: the fusion model's input per contact (needs --models).")
  CsvKind csv;

  @Option(names = "--models", paramLabel = "DIR", description = "For --csv fusion: the directory holding the trained "
    + "sonar, satellite, comms and anomaly models (<role>.onnx), whose outputs the fusion rows are made of.")
  Path models;

  @Option(names = "--fusion-keep", description = "For --csv fusion: share of contact rows written (default ${DEFAULT-VALUE}).")
  double fusionKeep = 0.5;

  @Option(names = "--json", description = "End with one JSON object: rows per class and per anomaly kind, seed, duration.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Duration simulatedTime = kraken.loadgen.LoadGenCommand.parseDuration(duration);
    if (!(rate > 0) || vessels < 1 || !(anomalyRate >= 0 && anomalyRate <= 1)) {
      System.err.println("kraken simulate: --rate must be above 0, --vessels at least 1, --anomaly-rate from 0 to 1");
      return 2;
    }
    Ocean ocean = new Ocean(seed, vessels, anomalyRate, "sim-" + seed, Ocean.DEFAULT_START_MS);
    long readings = (long) (simulatedTime.toMillis() / 1000.0 * rate);
    if (csv == CsvKind.fusion) {
      return fusionRows(ocean, readings, simulatedTime);
    }
    Map<String, Long> byClass = new TreeMap<>();
    Map<String, Long> byAnomaly = new TreeMap<>();
    Map<Modality, FeatureExtractor> extractors = new java.util.EnumMap<>(Modality.class);
    FeatureExtractor extractor = csv == null ? null : csv == CsvKind.anomaly ? new AnomalyFeatures()
      : Modality.valueOf(csv.name().toUpperCase(Locale.ROOT)).extractor();
    float[] row = extractor == null ? null : new float[extractor.width()];
    long rows = 0;
    long started = System.nanoTime();
    long lastProgress = started;
    try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      if (extractor != null) {
        writer.write(String.join(",", extractor.names()) + ",label\n");
      }
      for (long n = 0; n < readings; n++) {
        SimulatedReading simulated = ocean.next(Ocean.DEFAULT_START_MS + (long) (n * 1000 / rate));
        String label = csv == null ? null : csvLabel(simulated);
        if (csv != null && label == null) {
          continue;
        }
        if (extractor == null) {
          writer.write(simulated.toJson().encode());
          writer.write('\n');
        } else {
          extractor.extract(simulated.sensorReading(), row, 0);
          StringBuilder line = new StringBuilder(row.length * 8);
          for (float value : row) {
            line.append(value == 0 ? "0" : Float.toString(value)).append(',');
          }
          writer.write(line.append(label).append('\n').toString());
        }
        rows++;
        byClass.merge(simulated.truth().vesselClass().name(), 1L, Long::sum);
        byAnomaly.merge(simulated.truth().anomaly().name(), 1L, Long::sum);
        long now = System.nanoTime();
        if (now - lastProgress >= 1_000_000_000L) {
          lastProgress = now;
          double perSecond = (n + 1) / ((now - started) / 1e9);
          System.err.printf(Locale.ROOT, "kraken simulate: %d rows, %d of %d readings, %.0f readings/s, ETA %.0f s%n",
            rows, n + 1, readings, perSecond, (readings - n - 1) / perSecond);
        }
      }
    }
    JsonObject summary = new JsonObject().put("seed", seed).put("duration", duration)
      .put("simulated_ms", simulatedTime.toMillis()).put("readings", readings).put("rows", rows)
      .put("csv", csv == null ? null : csv.name()).put("out", out.toString())
      .put("rows_per_class", new JsonObject(new java.util.LinkedHashMap<>(byClass)))
      .put("rows_per_anomaly", new JsonObject(new java.util.LinkedHashMap<>(byAnomaly)))
      .put("seconds", (System.nanoTime() - started) / 1e9);
    if (!json) {
      System.out.printf(Locale.ROOT, "kraken simulate: wrote %d rows of %d readings (%s simulated, seed %d) to %s%n",
        rows, readings, duration, seed, out);
    }
    if (json) {
      System.out.println(summary.encode());
    }
    return 0;
  }

  /** --csv fusion: contacts' fusion inputs from the trained first models, labelled with the true threat level. */
  private int fusionRows(Ocean ocean, long readings, Duration simulatedTime) throws java.io.IOException {
    if (models == null || !(fusionKeep > 0 && fusionKeep <= 1)) {
      System.err.println("kraken simulate: --csv fusion needs --models DIR (the trained sonar, satellite, comms and "
        + "anomaly models) and --fusion-keep above 0 and at most 1");
      return 2;
    }
    long started = System.nanoTime();
    long[] batches = {0, started};
    long expected = Math.max(1, simulatedTime.toMillis() / kraken.inference.FusionTrainingRows.BATCH_MS);
    long rows;
    try (kraken.inference.OfflineModels trained = kraken.inference.OfflineModels.fromDirectory(models);
         BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      rows = new kraken.inference.FusionTrainingRows(trained, fusionKeep).write(ocean, Ocean.DEFAULT_START_MS,
        readings, rate, seed, writer, () -> {
          batches[0]++;
          long now = System.nanoTime();
          if (now - batches[1] >= 1_000_000_000L) {
            batches[1] = now;
            double perSecond = batches[0] / ((now - started) / 1e9);
            System.err.printf(Locale.ROOT, "kraken simulate: %d of %d one-second batches, %.0f batches/s, ETA %.0f s%n",
              batches[0], expected, perSecond, (expected - batches[0]) / perSecond);
          }
        });
    }
    JsonObject summary = new JsonObject().put("seed", seed).put("duration", duration).put("readings", readings)
      .put("rows", rows).put("csv", "fusion").put("out", out.toString()).put("seconds", (System.nanoTime() - started) / 1e9);
    System.out.println(json ? summary.encode() : String.format(Locale.ROOT,
      "kraken simulate: wrote %d fusion rows from %d readings (%s simulated, seed %d) to %s", rows, readings, duration,
      seed, out));
    return 0;
  }

  /** The CSV label of a reading, or null when it does not belong in this CSV. */
  private String csvLabel(SimulatedReading simulated) {
    if (csv == CsvKind.anomaly) {
      return simulated.truth().anomaly() == Anomaly.None ? "Normal" : "Anomalous";
    }
    SensorKind kind = SensorKind.byName(simulated.reading().getJsonObject("sensorType").getString("type")).orElseThrow();
    boolean ofModality = Modality.of(kind).name().equalsIgnoreCase(csv.name());
    return ofModality && simulated.truth().anomaly() == Anomaly.None ? simulated.truth().vesselClass().name() : null;
  }
}
