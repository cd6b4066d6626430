package kraken.inference.features;

import kraken.bus.PayloadFormat;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;

import java.util.List;

import static kraken.inference.features.Payloads.clamp01;

/**
 * Satellite features: one row shape for both kinds, each filling its own part (the other stays 0). Optical: the
 * hull's length, beam, area and brightness from the chip's bright pixels (second moments give the axes), the wake's
 * length and brightness, and the sea's level and noise. Signals: band centre and width, strength, the pulse train's
 * repetition interval and stagger, pulse width, duty cycle, pulse count and amplitude jitter. Not thread-safe.
 */
public final class SatelliteFeatures implements FeatureExtractor {

  private static final List<String> NAMES = List.of("optical", "signals", "zoom", "hull_length", "hull_beam",
    "hull_area", "hull_brightness", "wake_length", "wake_brightness", "sea_level", "sea_noise", "chip_ok",
    "band_centre", "bandwidth", "signal_strength", "pulse_interval", "pulse_stagger", "pulse_width", "duty_cycle",
    "pulse_count", "pulse_jitter");
  private static final int CORNER = 8;
  private static final int MAX_PULSES = 64;

  private final float[] samples = new float[PayloadFormat.SIGNALS_SAMPLES];
  private final int[] pulseStarts = new int[MAX_PULSES];
  private final float[] pulsePeaks = new float[MAX_PULSES];

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void extract(SensorReading reading, float[] out, int offset) {
    java.util.Arrays.fill(out, offset, offset + NAMES.size(), 0f);
    if (reading.sensorType() instanceof SensorType.SatelliteOptical optical) {
      out[offset] = 1;
      out[offset + 2] = optical.zoomLevel() / 22f;
      chip(reading.payload(), out, offset);
    } else if (reading.sensorType() instanceof SensorType.SatelliteSignals signals) {
      out[offset + 1] = 1;
      SensorType.FrequencyRange band = signals.frequencyRange();
      out[offset + 12] = clamp01((band.lowMhz() + band.highMhz()) / 2 / 12_000);
      out[offset + 13] = clamp01((band.highMhz() - band.lowMhz()) / 500);
      out[offset + 14] = clamp01((signals.signalStrength() + 120) / 120);
      pulses(reading.payload(), out, offset);
    }
  }

  /** The chip's width and height from its header, or 0 when the payload is not a whole chip. */
  static int chipSize(byte[] chip) {
    if (chip.length < PayloadFormat.CHIP_HEADER_BYTES) {
      return 0;
    }
    int width = ((chip[0] & 0xff) << 8) | (chip[1] & 0xff);
    int height = ((chip[2] & 0xff) << 8) | (chip[3] & 0xff);
    boolean whole = width == height && width >= 2 * CORNER
      && chip.length == PayloadFormat.CHIP_HEADER_BYTES + width * height;
    return whole ? width : 0;
  }

  private static void chip(byte[] chip, float[] out, int offset) {
    int size = chipSize(chip);
    if (size == 0) {
      return;
    }
    int base = PayloadFormat.CHIP_HEADER_BYTES;
    double seaSum = 0;
    double seaSquares = 0;
    int seaCount = 0;
    int peak = 0;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int value = chip[base + y * size + x] & 0xff;
        peak = Math.max(peak, value);
        boolean corner = (y < CORNER || y >= size - CORNER) && (x < CORNER || x >= size - CORNER);
        if (corner) {
          seaSum += value;
          seaSquares += value * value;
          seaCount++;
        }
      }
    }
    double sea = seaSum / seaCount;
    double noise = Math.sqrt(Math.max(0, seaSquares / seaCount - sea * sea));
    double hullThreshold = Math.max(sea + 4 * noise + 10, sea + 0.6 * (peak - sea));
    double wakeThreshold = sea + 3 * noise + 4;
    Moments hull = new Moments();
    Moments wake = new Moments();
    double hullBrightness = 0;
    double wakeExcess = 0;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int value = chip[base + y * size + x] & 0xff;
        if (value >= hullThreshold) {
          hull.add(x, y);
          hullBrightness += value;
        } else if (value >= wakeThreshold) {
          wake.add(x, y);
          wakeExcess += value - sea;
        }
      }
    }
    double metres = PayloadFormat.CHIP_METRES_PER_PIXEL;
    out[offset + 3] = clamp01(hull.majorAxis() * metres / 300);
    out[offset + 4] = clamp01(hull.minorAxis() * metres / 50);
    out[offset + 5] = clamp01(hull.count / 2000.0);
    out[offset + 6] = clamp01(hull.count == 0 ? 0 : hullBrightness / hull.count / 255);
    out[offset + 7] = clamp01(wake.majorAxis() * metres / 300);
    out[offset + 8] = clamp01(wake.count == 0 ? 0 : wakeExcess / wake.count / 64);
    out[offset + 9] = clamp01(sea / 255);
    out[offset + 10] = clamp01(noise / 32);
    out[offset + 11] = 1;
  }

  /** Second moments of a set of pixels: the axes of the ellipse that has them (4 standard deviations long). */
  private static final class Moments {
    long count;
    double sumX;
    double sumY;
    double sumXX;
    double sumYY;
    double sumXY;

    void add(int x, int y) {
      count++;
      sumX += x;
      sumY += y;
      sumXX += (double) x * x;
      sumYY += (double) y * y;
      sumXY += (double) x * y;
    }

    private double eigen(boolean major) {
      if (count < 2) {
        return count;
      }
      double mx = sumX / count;
      double my = sumY / count;
      double a = sumXX / count - mx * mx;
      double c = sumYY / count - my * my;
      double b = sumXY / count - mx * my;
      double spread = Math.sqrt((a - c) * (a - c) / 4 + b * b);
      return Math.max(0, (a + c) / 2 + (major ? spread : -spread));
    }

    double majorAxis() {
      return 4 * Math.sqrt(eigen(true));
    }

    double minorAxis() {
      return 4 * Math.sqrt(eigen(false));
    }
  }

  private void pulses(byte[] payload, float[] out, int offset) {
    if (payload.length != PayloadFormat.SIGNALS_BYTES) {
      return;
    }
    int n = Payloads.samples(payload, samples);
    float max = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, samples[i]);
      sum += Math.abs(samples[i]);
    }
    if (max <= 0) {
      return;
    }
    float threshold = (float) Math.max(0.5 * max, 3 * sum / n);
    int pulses = 0;
    int above = 0;
    int start = -1;
    for (int i = 0; i <= n; i++) {
      boolean high = i < n && samples[i] >= threshold;
      if (high) {
        above++;
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        if (pulses < MAX_PULSES) {
          float peak = 0;
          for (int k = start; k < i; k++) {
            peak = Math.max(peak, samples[k]);
          }
          pulseStarts[pulses] = start;
          pulsePeaks[pulses] = peak;
          pulses++;
        }
        start = -1;
      }
    }
    double intervalSum = 0;
    double intervalSquares = 0;
    for (int p = 1; p < pulses; p++) {
      double interval = (pulseStarts[p] - pulseStarts[p - 1]) * PayloadFormat.SIGNALS_SAMPLE_US;
      intervalSum += interval;
      intervalSquares += interval * interval;
    }
    if (pulses > 1) {
      double mean = intervalSum / (pulses - 1);
      double std = Math.sqrt(Math.max(0, intervalSquares / (pulses - 1) - mean * mean));
      out[offset + 15] = clamp01(mean / 3_000);
      out[offset + 16] = clamp01(std / mean);
    }
    double peakSum = 0;
    double peakSquares = 0;
    for (int p = 0; p < pulses; p++) {
      peakSum += pulsePeaks[p];
      peakSquares += pulsePeaks[p] * pulsePeaks[p];
    }
    if (pulses > 0) {
      double mean = peakSum / pulses;
      out[offset + 17] = clamp01(above / (double) pulses * PayloadFormat.SIGNALS_SAMPLE_US / 50);
      out[offset + 20] = clamp01(Math.sqrt(Math.max(0, peakSquares / pulses - mean * mean)) / mean);
    }
    out[offset + 18] = above / (float) n;
    out[offset + 19] = clamp01(pulses / 32.0);
  }
}
