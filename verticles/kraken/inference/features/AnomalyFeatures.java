package kraken.inference.features;

import kraken.bus.PayloadFormat;
import kraken.bus.SensorKind;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.simulation.OwnShip;

import java.util.List;

import static kraken.inference.features.Payloads.clamp01;

/**
 * Features for the anomaly detector, for every sensor kind: which kind, whether the payload has the kind's format,
 * statistics of the payload (entropy, zero bytes and runs, stuck values, clipping, DC offset, level, crest factor,
 * spikes, the spread of level over 16 segments, lag-1 autocorrelation), for sonar how clean the spectrum is (flatness,
 * tonality, noise floor), for comms how printable the bytes are, and one check of the fields against the payload or
 * the geometry (the reported tonal's energy in the payload, the claimed encryption against the bytes, the optical
 * position's distance from own ship, the claimed signal strength against the pulses). Not thread-safe.
 */
public final class AnomalyFeatures implements FeatureExtractor {

  /** The kind one-hot first, in {@link SensorKind} order (its ordinal is the column), then the payload statistics. */
  private static final List<String> NAMES = java.util.stream.Stream.concat(
    java.util.Arrays.stream(SensorKind.values()).map(k -> "kind_" + k.name()),
    java.util.stream.Stream.of("payload_ok", "payload_length", "byte_entropy", "zero_bytes",
      "longest_zero_run", "longest_stuck_run", "clipped", "dc_offset", "level", "crest_factor", "spikes",
      "segment_spread", "lag1_autocorrelation", "spectral_flatness", "tonality", "noise_floor", "printable",
      "longest_printable_run", "field_consistency")).toList();
  private static final int SEGMENTS = 16;
  /** Optical positions are trusted out to twice the horizon our sensors report at; beyond is suspicious. */
  private static final double POSITION_SCALE_M = 150_000;

  private final SonarFeatures sonar = new SonarFeatures();
  private final float[] sonarOut = new float[sonar.width()];
  private final float[] values = new float[PayloadFormat.CHIP_SIZE * PayloadFormat.CHIP_SIZE];
  private final int[] histogram = new int[256];

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void extract(SensorReading reading, float[] out, int offset) {
    extract(reading, out, offset, null, null, 0);
  }

  /**
   * As {@link #extract(SensorReading, float[], int)}, for a sonar reading that {@code sonar} has just extracted into
   * {@code sonarRow} from {@code sonarOffset} (the scoring path makes them for the sonar model), so that the spectrum
   * is not computed twice; {@code sonar} still holds that reading's spectrum. Null computes them here.
   */
  public void extract(SensorReading reading, float[] out, int offset, SonarFeatures sonar, float[] sonarRow,
                      int sonarOffset) {
    SonarFeatures spectrum = sonar == null ? this.sonar : sonar;
    java.util.Arrays.fill(out, offset, offset + NAMES.size(), 0f);
    SensorKind kind = SensorKind.of(reading.sensorType());
    out[offset + kind.ordinal()] = 1;
    byte[] payload = reading.payload();
    out[offset + 6] = clamp01(payload.length / (2.0 * expectedLength(kind)));
    if (payload.length == 0) {
      return;
    }
    out[offset + 7] = Payloads.entropy(payload, 0, payload.length, histogram) / 8;
    out[offset + 8] = histogram[0] / (float) payload.length;
    out[offset + 9] = longestRun(payload, 0) / (float) payload.length;
    int count = values(kind, payload);
    out[offset + 5] = payloadOk(kind, payload) ? 1 : 0;
    if (count > 1) {
      statistics(kind, count, out, offset);
    }
    switch (kind) {
      case SonarActive, SonarPassive -> {
        float[] row = sonarRow;
        int at = sonarOffset;
        if (sonar == null) {
          spectrum.extract(reading, sonarOut, 0);
          row = sonarOut;
          at = 0;
        }
        out[offset + 18] = row[at + SonarFeatures.FLATNESS];
        out[offset + 19] = row[at + SonarFeatures.TONALITY];
        out[offset + 20] = row[at + SonarFeatures.NOISE_FLOOR];
      }
      case CommsIntercept -> printable(payload, out, offset);
      default -> { }
    }
    out[offset + 23] = fieldConsistency(reading, kind, out[offset + 21], out[offset + 7], spectrum);
  }

  private static int expectedLength(SensorKind kind) {
    return switch (kind) {
      case SonarActive, SonarPassive -> PayloadFormat.SONAR_BYTES;
      case SatelliteOptical -> PayloadFormat.CHIP_HEADER_BYTES + PayloadFormat.CHIP_SIZE * PayloadFormat.CHIP_SIZE;
      case SatelliteSignals -> PayloadFormat.SIGNALS_BYTES;
      case CommsIntercept -> PayloadFormat.COMMS_MAX_BYTES;
    };
  }

  private static boolean payloadOk(SensorKind kind, byte[] payload) {
    return switch (kind) {
      case SatelliteOptical -> SatelliteFeatures.chipSize(payload) > 0;
      case CommsIntercept -> payload.length >= CommsFeatures.MIN_WHOLE_BYTES && payload.length <= PayloadFormat.COMMS_MAX_BYTES;
      default -> payload.length == expectedLength(kind);
    };
  }

  /** The payload as numbers: samples for sonar and signals, pixels for optical, bytes for comms. */
  private int values(SensorKind kind, byte[] payload) {
    switch (kind) {
      case SonarActive, SonarPassive, SatelliteSignals -> {
        return Payloads.samples(payload, values);
      }
      default -> {
        int from = kind == SensorKind.SatelliteOptical ? Math.min(payload.length, PayloadFormat.CHIP_HEADER_BYTES) : 0;
        int count = Math.min(values.length, payload.length - from);
        for (int i = 0; i < count; i++) {
          values[i] = payload[from + i] & 0xff;
        }
        return count;
      }
    }
  }

  private void statistics(SensorKind kind, int n, float[] out, int offset) {
    boolean samples = kind == SensorKind.SonarActive || kind == SensorKind.SonarPassive
      || kind == SensorKind.SatelliteSignals;
    float low = samples ? -32767 : 0;
    float high = samples ? 32767 : 255;
    double sum = 0;
    double squares = 0;
    double lagProduct = 0;
    double absDiffSum = 0;
    float peak = 0;
    int clipped = 0;
    int stuck = 1;
    int longestStuck = 1;
    for (int i = 0; i < n; i++) {
      float v = values[i];
      sum += v;
      squares += (double) v * v;
      peak = Math.max(peak, Math.abs(v));
      if (v <= low || v >= high) {
        clipped++;
      }
      if (i > 0) {
        lagProduct += (double) v * values[i - 1];
        absDiffSum += Math.abs(v - values[i - 1]);
        stuck = v == values[i - 1] ? stuck + 1 : 1;
        longestStuck = Math.max(longestStuck, stuck);
      }
    }
    double mean = sum / n;
    double variance = Math.max(0, squares / n - mean * mean);
    double rms = Math.sqrt(squares / n);
    double meanAbsDiff = absDiffSum / (n - 1);
    int spikes = 0;
    for (int i = 1; i < n; i++) {
      if (Math.abs(values[i] - values[i - 1]) > 8 * meanAbsDiff + 1) {
        spikes++;
      }
    }
    double fullScale = samples ? 32768 : 256;
    out[offset + 10] = longestStuck / (float) n;
    out[offset + 11] = clipped / (float) n;
    out[offset + 12] = Payloads.clamp(mean / fullScale * (samples ? 2 : 1), -1, 1);
    out[offset + 13] = clamp01(Math.log10(1 + rms) / Math.log10(1 + fullScale));
    out[offset + 14] = clamp01(rms == 0 ? 0 : peak / rms / 20);
    out[offset + 15] = clamp01(spikes / (float) n * 10);
    out[offset + 16] = segmentSpread(n);
    out[offset + 17] = variance == 0 ? 0 : Payloads.clamp(
      (lagProduct / (n - 1) - mean * mean) / variance, -1, 1);
  }

  /** log10 of the largest over the smallest segment standard deviation, over 5: a zeroed or garbage chunk. */
  private float segmentSpread(int n) {
    int length = n / SEGMENTS;
    if (length < 2) {
      return 0;
    }
    double smallest = Double.MAX_VALUE;
    double largest = 0;
    for (int s = 0; s < SEGMENTS; s++) {
      double sum = 0;
      double squares = 0;
      for (int i = s * length; i < (s + 1) * length; i++) {
        sum += values[i];
        squares += (double) values[i] * values[i];
      }
      double mean = sum / length;
      double std = Math.sqrt(Math.max(0, squares / length - mean * mean));
      smallest = Math.min(smallest, std);
      largest = Math.max(largest, std);
    }
    return clamp01(Math.log10((largest + 1) / (smallest + 1)) / 5);
  }

  private static int longestRun(byte[] bytes, int value) {
    int run = 0;
    int longest = 0;
    for (byte b : bytes) {
      run = b == value ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  private static void printable(byte[] payload, float[] out, int offset) {
    int printable = 0;
    int run = 0;
    int longest = 0;
    for (byte b : payload) {
      boolean isPrintable = (b >= 32 && b < 127) || b == '\n';
      printable += isPrintable ? 1 : 0;
      run = isPrintable ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    out[offset + 21] = printable / (float) payload.length;
    out[offset + 22] = longest / (float) payload.length;
  }

  /**
   * One check of the fields against the payload or the geometry, 0 when they agree and up to 1 when they do not
   * (for active sonar, which has no such check, the reported echo strength itself).
   */
  private float fieldConsistency(SensorReading reading, SensorKind kind, float printable, float entropy,
                                 SonarFeatures spectrum) {
    SensorType type = reading.sensorType();
    if (type instanceof SensorType.SonarPassive passive) {
      return 1 - reportedTonalEnergy(reading.payload(), passive.frequencyMhz() * 1e6, spectrum);
    } else if (type instanceof SensorType.SonarActive active) {
      return clamp01(active.pingStrength());
    } else if (type instanceof SensorType.SatelliteOptical optical) {
      return clamp01(OwnShip.rangeM(optical.lat(), optical.lon()) / POSITION_SCALE_M);
    } else if (type instanceof SensorType.SatelliteSignals signals) {
      float peak = 0;
      int n = Payloads.samples(reading.payload(), values);
      for (int i = 0; i < n; i++) {
        peak = Math.max(peak, values[i]);
      }
      double claimed = Math.max(400, Math.min(30_000, (signals.signalStrength() + 120) * 300));
      return clamp01(Math.abs(Math.log10((peak + 1) / claimed)) / 2);
    } else if (type instanceof SensorType.CommsIntercept comms) {
      boolean claimsPlain = comms.encryptionType() == SensorType.Encryption.None;
      return claimsPlain ? entropy : printable;
    }
    return 0;
  }

  /** The reported tonal's bin power against the strongest bin, as 1 + dB / 60 (0 when absent or no payload). */
  private static float reportedTonalEnergy(byte[] payload, double hz, SonarFeatures spectrum) {
    if (payload.length != PayloadFormat.SONAR_BYTES) {
      return 0;
    }
    return spectrum.binLevel(hz);
  }
}
