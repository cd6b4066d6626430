package kraken.loadgen;

import kraken.bus.SensorType;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the readings of one run, deterministically from a seed: which stream the next reading comes from keeps
 * every stream exactly at its share of the mix (the one furthest behind its share goes next), each stream takes
 * turns through its kinds, and every field is drawn inside the range ingest accepts. Ids are
 * {@code lg-<runId>-<n>}, so two runs never collide; sensor ids cycle over {@code sensors} sensors.
 * Not thread-safe: one event loop owns it.
 */
final class ReadingFactory {

  /** Distinct payloads per stream; readings share them, so a 50 KB payload is not drawn for every reading. */
  private static final int PAYLOADS_PER_STREAM = 16;

  private final String runId;
  private final int sensors;
  private final List<ReadingMix.Stream> streams;
  private final double totalWeight;
  private final long[] producedByStream;
  private final byte[][][] payloads;
  private final SplittableRandom random;
  private long produced;

  ReadingFactory(String runId, ReadingMix mix, int sensors, long seed) {
    this.runId = runId;
    this.sensors = sensors;
    this.streams = mix.streams();
    this.totalWeight = mix.totalWeight();
    this.producedByStream = new long[streams.size()];
    this.random = new SplittableRandom(seed);
    this.payloads = new byte[streams.size()][PAYLOADS_PER_STREAM][];
    for (int s = 0; s < streams.size(); s++) {
      for (int p = 0; p < PAYLOADS_PER_STREAM; p++) {
        payloads[s][p] = new byte[streams.get(s).payloadBytes()];
        random.nextBytes(payloads[s][p]);
      }
    }
  }

  long produced() {
    return produced;
  }

  GeneratedReading next(long timestampMillis) {
    int s = streamFurthestBehind();
    ReadingMix.Stream stream = streams.get(s);
    String kind = stream.kinds().get((int) (producedByStream[s] % stream.kinds().size()));
    producedByStream[s]++;
    long n = produced++;
    return new GeneratedReading("lg-" + runId + "-" + n, "lg-sensor-" + (n % sensors), timestampMillis,
      sensorType(kind), payloads[s][random.nextInt(PAYLOADS_PER_STREAM)]);
  }

  private int streamFurthestBehind() {
    int best = 0;
    double bestDeficit = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < streams.size(); s++) {
      double deficit = (produced + 1) * streams.get(s).weight() / totalWeight - producedByStream[s];
      if (deficit > bestDeficit) {
        bestDeficit = deficit;
        best = s;
      }
    }
    return best;
  }

  /** Values inside the README's ranges, rounded so that JSON never needs an exponent. */
  private SensorType sensorType(String kind) {
    return switch (kind) {
      case "SonarActive" -> new SensorType.SonarActive(round(random.nextDouble(0.01, 1.0)),
        round(random.nextDouble(1, 60_000)));
      case "SonarPassive" -> new SensorType.SonarPassive(round(random.nextDouble(0.001, 1.0)),
        round(random.nextDouble(0, 359.99)));
      case "SatelliteOptical" -> new SensorType.SatelliteOptical(round(random.nextDouble(-89.9, 89.9)),
        round(random.nextDouble(-179.9, 179.9)), random.nextInt(23));
      case "SatelliteSignals" -> {
        double low = round(random.nextDouble(1, 200_000));
        yield new SensorType.SatelliteSignals(new SensorType.FrequencyRange(low, round(low + random.nextDouble(1, 50_000))),
          round(random.nextDouble(-150, 0)));
      }
      case "CommsIntercept" -> new SensorType.CommsIntercept(round(random.nextDouble(1, 299_999)),
        SensorType.Encryption.values()[random.nextInt(SensorType.Encryption.values().length)]);
      default -> throw new IllegalArgumentException("no generator for sensor kind " + kind);
    };
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
