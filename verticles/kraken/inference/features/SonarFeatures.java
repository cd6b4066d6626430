package kraken.inference.features;

import kraken.bus.PayloadFormat;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;

import java.util.ArrayList;
import java.util.List;

import static kraken.inference.features.Payloads.clamp;
import static kraken.inference.features.Payloads.clamp01;

/**
 * Sonar features (active and passive) from the 1024-sample payload: 60 spectral band energies normalised to [0, 1]
 * (the classic sonar-returns shape; log-spaced from 20 Hz to the 2560 Hz Nyquist frequency, so the low bands are
 * single 5 Hz bins that separate 50 Hz from 60 Hz electrical lines), then scalars: the fields, the payload's peak
 * frequency and doppler, spectral flatness and tonality, blade-rate modulation depth and rate, the echo's extent,
 * crest factor and whether the payload was well-formed. Band energy = 1 + dB relative to the strongest band / 60,
 * clamped. Not thread-safe.
 */
public final class SonarFeatures implements FeatureExtractor {

  public static final int BANDS = 60;
  private static final int FIRST_BIN = 4;
  private static final int BLOCKS = 64;
  private static final int BLOCK = PayloadFormat.SONAR_SAMPLES / BLOCKS;
  private static final double BIN_HZ = PayloadFormat.SONAR_SAMPLE_RATE_HZ / PayloadFormat.SONAR_SAMPLES;
  private static final double NYQUIST_HZ = PayloadFormat.SONAR_SAMPLE_RATE_HZ / 2;
  private static final double BLOCK_RATE_HZ = PayloadFormat.SONAR_SAMPLE_RATE_HZ / BLOCK;
  private static final double DOPPLER_SPAN_HZ = 100;
  private static final int[] EDGES = bandEdges();
  private static final float[] WINDOW = hann(PayloadFormat.SONAR_SAMPLES);
  private static final float[][] ENVELOPE_COS = envelopeTable(true);
  private static final float[][] ENVELOPE_SIN = envelopeTable(false);
  private static final List<String> NAMES = names(BANDS);

  static final int ACTIVE = BANDS;
  static final int PEAK_FREQUENCY = BANDS + 4;
  static final int FLATNESS = BANDS + 6;
  static final int TONALITY = BANDS + 7;
  static final int NOISE_FLOOR = BANDS + 12;
  static final int PAYLOAD_OK = BANDS + 13;

  private final RealFft fft = new RealFft(PayloadFormat.SONAR_SAMPLES);
  private final float[] samples = new float[PayloadFormat.SONAR_SAMPLES];
  private final float[] windowed = new float[PayloadFormat.SONAR_SAMPLES];
  private final float[] power = new float[PayloadFormat.SONAR_SAMPLES / 2 + 1];
  private final double[] bandDb = new double[BANDS];
  private final float[] blocks = new float[BLOCKS];

  @Override
  public List<String> names() {
    return NAMES;
  }

  /** Band {@code b} covers FFT bins {@code [EDGES[b], EDGES[b+1])}; bins are 5 Hz. */
  private static int[] bandEdges() {
    int lastBin = PayloadFormat.SONAR_SAMPLES / 2;
    int[] edges = new int[BANDS + 1];
    edges[0] = FIRST_BIN;
    for (int b = 1; b <= BANDS; b++) {
      int logSpaced = (int) Math.round(FIRST_BIN * Math.pow((lastBin + 1.0) / FIRST_BIN, b / (double) BANDS));
      edges[b] = Math.max(edges[b - 1] + 1, logSpaced);
    }
    edges[BANDS] = lastBin + 1;
    return edges;
  }

  /**
   * The closing speed (m/s, positive when closing) an echo's {@code doppler} feature stands for: the shift is
   * {@code 2 v f0 / c} for a target closing at {@code v}, with carrier {@code f0} and sound speed {@code c}.
   */
  public static double closingSpeedMps(float dopplerFeature) {
    double shiftHz = dopplerFeature * DOPPLER_SPAN_HZ;
    return shiftHz * PayloadFormat.SOUND_SPEED_MPS / (2 * PayloadFormat.ACTIVE_CARRIER_HZ);
  }

  /** The lowest frequency of each band, Hz (for the README). */
  public static double bandStartHz(int band) {
    return EDGES[band] * BIN_HZ;
  }

  private static List<String> names(int bands) {
    List<String> names = new ArrayList<>();
    for (int b = 0; b < bands; b++) {
      names.add(String.format("band_%02d", b));
    }
    names.addAll(List.of("active", "reported_tonal", "ping_strength", "range", "peak_frequency", "doppler",
      "spectral_flatness", "tonality", "blade_modulation_depth", "blade_rate", "echo_extent", "crest_factor",
      "noise_floor", "payload_ok"));
    return List.copyOf(names);
  }

  private static float[] hann(int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
    }
    return w;
  }

  private static float[][] envelopeTable(boolean cosine) {
    float[][] table = new float[BLOCKS / 2][BLOCKS];
    for (int k = 0; k < BLOCKS / 2; k++) {
      for (int i = 0; i < BLOCKS; i++) {
        double angle = 2 * Math.PI * k * i / BLOCKS;
        table[k][i] = (float) (cosine ? Math.cos(angle) : Math.sin(angle));
      }
    }
    return table;
  }

  @Override
  public void extract(SensorReading reading, float[] out, int offset) {
    java.util.Arrays.fill(out, offset, offset + NAMES.size(), 0f);
    java.util.Arrays.fill(power, 0f);
    boolean active = reading.sensorType() instanceof SensorType.SonarActive;
    out[offset + ACTIVE] = active ? 1 : 0;
    if (reading.sensorType() instanceof SensorType.SonarActive a) {
      out[offset + BANDS + 2] = clamp01(a.pingStrength());
      out[offset + BANDS + 3] = clamp01(a.returnTimeMs() * PayloadFormat.SOUND_SPEED_MPS / 2 / 1e6 / 20);
    } else if (reading.sensorType() instanceof SensorType.SonarPassive p) {
      out[offset + BANDS + 1] = clamp01(p.frequencyMhz() * 1e6 / NYQUIST_HZ);
    }
    byte[] payload = reading.payload();
    if (payload.length != PayloadFormat.SONAR_BYTES) {
      return; // payload_ok stays 0 and so do the payload's features
    }
    Payloads.samples(payload, samples);
    double sumSquares = 0;
    float peak = 0;
    for (int i = 0; i < samples.length; i++) {
      float s = samples[i];
      sumSquares += s * s;
      peak = Math.max(peak, Math.abs(s));
      windowed[i] = s * WINDOW[i];
    }
    double rms = Math.sqrt(sumSquares / samples.length);
    if (rms < 1e-6) {
      out[offset + PAYLOAD_OK] = 1;
      return; // silence: no spectrum to speak of
    }
    fft.power(windowed, power);
    spectrum(out, offset, active);
    envelope(out, offset, rms);
    out[offset + BANDS + 11] = clamp01(peak / rms / 10);
    out[offset + PAYLOAD_OK] = 1;
  }

  private void spectrum(float[] out, int offset, boolean active) {
    double maxDb = -Double.MAX_VALUE;
    double logMeanSum = 0;
    double meanSum = 0;
    for (int b = 0; b < BANDS; b++) {
      double energy = 1e-9;
      for (int k = EDGES[b]; k < EDGES[b + 1]; k++) {
        energy += power[k];
      }
      bandDb[b] = 10 * Math.log10(energy);
      maxDb = Math.max(maxDb, bandDb[b]);
      double perBin = energy / (EDGES[b + 1] - EDGES[b]);
      logMeanSum += Math.log(perBin);
      meanSum += perBin;
    }
    float floor = 1;
    for (int b = 0; b < BANDS; b++) {
      float value = clamp01(1 + (bandDb[b] - maxDb) / 60);
      out[offset + b] = value;
      floor = Math.min(floor, value);
    }
    out[offset + NOISE_FLOOR] = floor;
    out[offset + FLATNESS] = clamp01(Math.exp(logMeanSum / BANDS) / (meanSum / BANDS));
    int peakBin = FIRST_BIN;
    double total = 0;
    for (int k = FIRST_BIN; k < power.length; k++) {
      total += power[k];
      if (power[k] > power[peakBin]) {
        peakBin = k;
      }
    }
    out[offset + PEAK_FREQUENCY] = clamp01(peakBin * BIN_HZ / NYQUIST_HZ);
    out[offset + TONALITY] = clamp01(power[peakBin] / (total + 1e-9));
    if (active) {
      int from = (int) ((PayloadFormat.ACTIVE_CARRIER_HZ - DOPPLER_SPAN_HZ) / BIN_HZ);
      int to = (int) ((PayloadFormat.ACTIVE_CARRIER_HZ + DOPPLER_SPAN_HZ) / BIN_HZ);
      int best = from;
      for (int k = from; k <= to; k++) {
        if (power[k] > power[best]) {
          best = k;
        }
      }
      double left = power[best - 1];
      double right = power[best + 1];
      double denominator = left - 2 * power[best] + right;
      double shift = denominator == 0 ? 0 : 0.5 * (left - right) / denominator;
      double hz = (best + Math.max(-0.5, Math.min(0.5, shift))) * BIN_HZ;
      out[offset + BANDS + 5] = clamp((hz - PayloadFormat.ACTIVE_CARRIER_HZ) / DOPPLER_SPAN_HZ, -1, 1);
    }
  }

  /**
   * After {@link #extract}: the power within one bin of {@code hz} against the strongest bin, as 1 + dB / 60
   * clamped to [0, 1] (0 outside the spectrum).
   */
  float binLevel(double hz) {
    int bin = (int) Math.round(hz / BIN_HZ);
    if (bin < 1 || bin >= power.length - 1) {
      return 0;
    }
    float strongest = 1e-9f;
    for (int k = FIRST_BIN; k < power.length; k++) {
      strongest = Math.max(strongest, power[k]);
    }
    float here = Math.max(power[bin - 1], Math.max(power[bin], power[bin + 1]));
    return clamp01(1 + 10 * Math.log10(here / strongest + 1e-12) / 60);
  }

  /** Block RMS over 64 blocks of 16 samples: its spectrum shows blade-rate modulation; its spread the echo's extent. */
  private void envelope(float[] out, int offset, double rms) {
    float mean = 0;
    float max = 0;
    for (int b = 0; b < BLOCKS; b++) {
      double sum = 0;
      for (int i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
        sum += samples[i] * samples[i];
      }
      blocks[b] = (float) Math.sqrt(sum / BLOCK);
      mean += blocks[b];
      max = Math.max(max, blocks[b]);
    }
    mean /= BLOCKS;
    double bestMagnitude = 0;
    int bestK = 0;
    for (int k = 1; k < BLOCKS / 2; k++) {
      double c = 0;
      double s = 0;
      for (int i = 0; i < BLOCKS; i++) {
        float centred = blocks[i] - mean;
        c += centred * ENVELOPE_COS[k][i];
        s += centred * ENVELOPE_SIN[k][i];
      }
      double magnitude = c * c + s * s;
      if (magnitude > bestMagnitude) {
        bestMagnitude = magnitude;
        bestK = k;
      }
    }
    out[offset + BANDS + 8] = clamp01(2 * Math.sqrt(bestMagnitude) / BLOCKS / (mean + 1e-9));
    out[offset + BANDS + 9] = clamp01(bestK * BLOCK_RATE_HZ / BLOCKS / (BLOCK_RATE_HZ / 2));
    int above = 0;
    for (float block : blocks) {
      if (block > 0.5f * max) {
        above++;
      }
    }
    out[offset + BANDS + 10] = above / (float) BLOCKS;
  }
}
