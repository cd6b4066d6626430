package kraken.loadgen;

import kraken.bus.SensorKind;
import kraken.bus.SensorReading;
import kraken.simulation.Ocean;
import kraken.bus.SensorType;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the readings of one run, deterministically from a seed: which stream the next reading comes from keeps
 * every stream exactly at its share of the mix (the one furthest behind its share goes next), each stream takes
 * turns through its kinds, and every field is drawn inside the range ingest accepts. Ids are
 * {@code lg-<runId>-<n>}, so two runs never collide; sensor ids cycle over {@code sensors} sensors (the ocean mix
 * keeps its sensors' own track ids instead).
 * Not thread-safe: one event loop owns it.
 */
final class ReadingFactory {

  /** Distinct payloads per stream; readings share them, so a 50 KB payload is not drawn for every reading. */
  private static final int PAYLOADS_PER_STREAM = 16;
  /** Ocean readings made before a run and cycled through (100 s of the ocean at 100 readings/s). */
  static final int OCEAN_POOL = 10_000;

  private final String runId;
  private final int sensors;
  private final List<ReadingMix.Stream> streams;
  private final double totalWeight;
  private final long[] producedByStream;
  private final byte[][][] payloads;
  private final SplittableRandom random;
  private final GeneratedReading[] oceanPool;
  private long produced;

  ReadingFactory(String runId, ReadingMix mix, int sensors, long seed) {
    this.runId = runId;
    this.sensors = sensors;
    this.streams = mix.streams();
    this.totalWeight = mix.totalWeight();
    this.producedByStream = new long[streams.size()];
    this.random = new SplittableRandom(seed);
    this.oceanPool = mix.ocean() ? oceanPool(seed) : null;
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

  /**
   * Synthesising ocean readings at rate would cost the generator more than sending them, so a pool of them is made
   * up front and cycled, each sent with a fresh id and the schedule's timestamp.
   */
  private static GeneratedReading[] oceanPool(long seed) {
    Ocean ocean = Ocean.withSeed(seed);
    GeneratedReading[] pool = new GeneratedReading[OCEAN_POOL];
    for (int i = 0; i < OCEAN_POOL; i++) {
      SensorReading reading = ocean.next(Ocean.DEFAULT_START_MS + i * 10L).sensorReading();
      pool[i] = new GeneratedReading(reading.id(), reading.sensorId(), 0, reading.sensorType(), reading.payload());
    }
    return pool;
  }

  GeneratedReading next(long timestampMillis) {
    if (oceanPool != null) {
      GeneratedReading template = oceanPool[(int) (produced % OCEAN_POOL)];
      return new GeneratedReading("lg-" + runId + "-" + produced++, template.sensorId(), timestampMillis,
        template.sensorType(), template.payload());
    }
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

  /**
   * Values drawn inside each field's range as {@link SensorKind} defines it (the ranges ingest judges by), rounded
   * so that JSON never needs an exponent; a frequency range's high end is drawn above its low end.
   */
  private SensorType sensorType(String kindName) {
    SensorKind kind = SensorKind.byName(kindName)
      .orElseThrow(() -> new IllegalArgumentException("no sensor kind " + kindName));
    double[] slots = new double[kind.slots()];
    int slot = 0;
    for (SensorKind.Field field : kind.fields()) {
      double span = field.max() - field.min();
      double low = field.min() + span * 0.001;
      double high = field.max() - span * 0.001;
      switch (field.shape()) {
        case NUMBER -> slots[slot] = round(random.nextDouble(low, high));
        case INTEGER, CHOICE -> slots[slot] = field.min() + random.nextInt((int) span + 1);
        case FREQUENCY_RANGE -> {
          slots[slot] = round(random.nextDouble(low, (low + high) / 2));
          slots[slot + 1] = round(random.nextDouble(slots[slot] + 1, high));
        }
      }
      slot += field.width();
    }
    return kind.create(slots);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
