package kraken.simulation;

import java.util.SplittableRandom;

import static kraken.bus.PayloadFormat.ACTIVE_CARRIER_HZ;
import static kraken.bus.PayloadFormat.SONAR_BYTES;
import static kraken.bus.PayloadFormat.SONAR_SAMPLES;
import static kraken.bus.PayloadFormat.SONAR_SAMPLE_RATE_HZ;
import static kraken.bus.PayloadFormat.SOUND_SPEED_MPS;

/**
 * Synthesises sonar payloads ({@link kraken.bus.PayloadFormat}): 1024 samples at 5120 Hz, scaled by an automatic
 * gain control to an RMS of {@link #AGC_RMS} counts as a real receiver would. Passive: ambient noise, the vessel's
 * broadband noise amplitude-modulated at its blade rate, its tonal family and extra line, or whale sweeps. Active:
 * the ping's echo, doppler-shifted by the radial speed, shaped by the hull's highlights, in reverberation and noise.
 * Not thread-safe (one scratch buffer).
 */
final class Acoustics {

  static final double AGC_RMS = 2500;
  /** Radiated noise below this over ambient is lost; above, the receiver saturates its display. */
  private static final double MIN_SNR_DB = -15;
  private static final double MAX_SNR_DB = 35;
  private static final double AMBIENT_DB = 60;
  private static final int HIGHLIGHT_HALF_WIDTH = 40;
  private static final float[] HIGHLIGHT = new float[2 * HIGHLIGHT_HALF_WIDTH + 1];

  static {
    for (int d = -HIGHLIGHT_HALF_WIDTH; d <= HIGHLIGHT_HALF_WIDTH; d++) {
      HIGHLIGHT[d + HIGHLIGHT_HALF_WIDTH] = (float) Math.exp(-(d / 12.0) * (d / 12.0));
    }
  }

  private final float[] samples = new float[SONAR_SAMPLES];
  private final float[] envelope = new float[SONAR_SAMPLES];

  /** Radiated-noise amplitude over unit ambient noise at the vessel's range. */
  static double amplitude(Vessel v) {
    double snrDb = v.signature.sourceLevelDb() - 20 * Math.log10(Math.max(100, v.rangeM())) - AMBIENT_DB;
    return Math.pow(10, Math.max(MIN_SNR_DB, Math.min(MAX_SNR_DB, snrDb)) / 20);
  }

  /** The strongest line a passive operator would report for this vessel, Hz. */
  static double strongestTonalHz(Signature s, double sweepCentreHz) {
    if (s.biologicSweeps()) {
      return sweepCentreHz;
    }
    return s.tonalHz();
  }

  /** Writes a passive sonar payload; returns the strongest tonal's frequency in Hz. */
  double passive(Vessel v, SplittableRandom r, byte[] out) {
    Signature s = v.signature;
    double a = amplitude(v);
    int ambient = r.nextInt(Tables.NOISE_SIZE);
    for (int i = 0; i < SONAR_SAMPLES; i++) {
      samples[i] = Tables.noise(ambient + i);
    }
    addBroadband(s, a * s.broadband(), r);
    double phase = r.nextDouble();
    for (int h = 1; h <= s.harmonics(); h++) {
      addTone(s.tonalHz() * h, a * s.tonalLevel() / h, r.nextDouble());
    }
    if (s.extraTonalHz() > 0) {
      addTone(s.extraTonalHz(), a * s.tonalLevel() * 0.6, phase);
    }
    double sweepCentre = 0;
    if (s.biologicSweeps()) {
      double from = r.nextDouble(300, 900);
      double to = from + r.nextDouble(-200, 600);
      sweepCentre = (from + to) / 2;
      addSweep(from, to, a, r);
    }
    writeWithGain(out);
    return strongestTonalHz(s, sweepCentre);
  }

  /** Writes an active sonar payload: the echo of the ping from this vessel, at this echo strength (0 to 1). */
  void active(Vessel v, double pingStrength, SplittableRandom r, byte[] out) {
    int noise = r.nextInt(Tables.NOISE_SIZE);
    int reverb = r.nextInt(Tables.NOISE_SIZE);
    for (int i = 0; i < SONAR_SAMPLES; i++) {
      float decay = 1f - i / (float) SONAR_SAMPLES;
      samples[i] = Tables.noise(noise + i) + 0.5f * decay * Tables.noise(reverb + i);
      envelope[i] = 0;
    }
    shapeEcho(v, r);
    double echo = 0.5 + 30 * pingStrength;
    double frequency = ACTIVE_CARRIER_HZ * (1 + 2 * v.closingSpeedMps() / SOUND_SPEED_MPS);
    double step = frequency / SONAR_SAMPLE_RATE_HZ;
    double phase = r.nextDouble();
    for (int i = 0; i < SONAR_SAMPLES; i++) {
      samples[i] += (float) (echo * envelope[i] * Tables.sine(phase + i * step));
    }
    writeWithGain(out);
  }

  /**
   * The echo's envelope: highlights along the hull's extent as seen from own ship (bow, sail and stern of a
   * submarine, many on a merchant, one on a torpedo, a diffuse cloud from a whale), or the flat repeat of a decoy's
   * transponder.
   */
  private void shapeEcho(Vessel v, SplittableRandom r) {
    Signature s = v.signature;
    double aspect = Math.abs(Math.cos(Math.toRadians(v.course - v.bearing())));
    double extent = Math.min(SONAR_SAMPLES * 0.7,
      2 * s.lengthM() * Math.max(0.15, aspect) / SOUND_SPEED_MPS * SONAR_SAMPLE_RATE_HZ);
    int centre = SONAR_SAMPLES / 2 + r.nextInt(-64, 65);
    switch (v.vesselClass) {
      case Decoy -> {
        int half = r.nextInt(150, 300);
        for (int i = centre - half; i < centre + half; i++) {
          envelope[i] = 0.8f;
        }
      }
      case Torpedo -> highlight(centre, 1);
      case HostileSubmarine, FriendlySubmarine -> {
        highlight((int) (centre - extent / 2), r.nextDouble(0.5, 0.8));
        highlight((int) (centre - extent / 6), r.nextDouble(1.0, 1.4));
        highlight((int) (centre + extent / 2), r.nextDouble(0.4, 0.7));
      }
      case Biologic -> {
        int count = r.nextInt(10, 20);
        for (int k = 0; k < count; k++) {
          highlight((int) (centre + r.nextDouble(-0.5, 0.5) * (extent + 60)), r.nextDouble(0.1, 0.35));
        }
      }
      default -> {
        int count = v.vesselClass == VesselClass.Merchant ? r.nextInt(6, 11) : r.nextInt(2, 4);
        for (int k = 0; k < count; k++) {
          highlight((int) (centre - extent / 2 + extent * (k + r.nextDouble(-0.2, 0.2)) / Math.max(1, count - 1)),
            r.nextDouble(0.5, 1));
        }
      }
    }
  }

  private void highlight(int centre, double strength) {
    for (int d = -HIGHLIGHT_HALF_WIDTH; d <= HIGHLIGHT_HALF_WIDTH; d++) {
      int i = centre + d;
      if (i >= 0 && i < SONAR_SAMPLES) {
        envelope[i] += (float) (strength * HIGHLIGHT[d + HIGHLIGHT_HALF_WIDTH]);
      }
    }
  }

  /** Broadband noise, coloured (low- or high-heavy) and amplitude-modulated at the blade rate. */
  private void addBroadband(Signature s, double level, SplittableRandom r) {
    int offset = r.nextInt(Tables.NOISE_SIZE);
    float colour = (float) s.broadbandColour();
    float weight = Math.abs(colour);
    float sign = colour < 0 ? 1 : -1;
    double amStep = s.bladeRateHz() / SONAR_SAMPLE_RATE_HZ;
    double amPhase = r.nextDouble();
    float previous = Tables.noise(offset - 1);
    for (int i = 0; i < SONAR_SAMPLES; i++) {
      float n = Tables.noise(offset + i);
      float shaped = n * (1 - weight) + weight * 0.7071f * (n + sign * previous);
      previous = n;
      double modulation = 1 + s.modulationDepth() * Tables.sine(amPhase + i * amStep);
      samples[i] += (float) (level * modulation * shaped);
    }
  }

  private void addTone(double frequencyHz, double amplitude, double phase) {
    double step = frequencyHz / SONAR_SAMPLE_RATE_HZ;
    for (int i = 0; i < SONAR_SAMPLES; i++) {
      samples[i] += (float) (amplitude * Tables.sine(phase + i * step));
    }
  }

  /** A whale's sweep from one frequency to another over part of the window, faded in and out. */
  private void addSweep(double fromHz, double toHz, double amplitude, SplittableRandom r) {
    int length = r.nextInt(SONAR_SAMPLES / 2, SONAR_SAMPLES + 1);
    int start = r.nextInt(0, SONAR_SAMPLES - length + 1);
    double phase = 0;
    for (int k = 0; k < length; k++) {
      double frequency = fromHz + (toHz - fromHz) * k / length;
      phase += frequency / SONAR_SAMPLE_RATE_HZ;
      double fade = Tables.sine(0.5 * k / length);
      samples[start + k] += (float) (amplitude * fade * Tables.sine(phase));
    }
  }

  /** Automatic gain control to {@link #AGC_RMS}, then big-endian int16. */
  private void writeWithGain(byte[] out) {
    double sumSquares = 0;
    for (int i = 0; i < SONAR_SAMPLES; i++) {
      sumSquares += samples[i] * samples[i];
    }
    double gain = AGC_RMS / Math.sqrt(Math.max(1e-12, sumSquares / SONAR_SAMPLES));
    for (int i = 0; i < SONAR_SAMPLES; i++) {
      Tables.putShort(out, i, (int) Math.round(samples[i] * gain));
    }
  }

  /** A synthetic, too-clean passive signal: pure tones with no noise at all (what a spoofer plays). */
  void cleanTones(SplittableRandom r, byte[] out) {
    java.util.Arrays.fill(samples, 0);
    int tones = r.nextInt(1, 4);
    for (int t = 0; t < tones; t++) {
      addTone(r.nextDouble(40, 2_400), r.nextDouble(0.3, 1), r.nextDouble());
    }
    writeWithGain(out);
  }

  /** A synthetic, too-clean echo: one highlight of pure carrier, no reverberation or noise. */
  void cleanEcho(SplittableRandom r, byte[] out) {
    java.util.Arrays.fill(samples, 0);
    java.util.Arrays.fill(envelope, 0);
    highlight(SONAR_SAMPLES / 2 + r.nextInt(-64, 65), 1);
    double step = ACTIVE_CARRIER_HZ * (1 + r.nextDouble(-0.02, 0.02)) / SONAR_SAMPLE_RATE_HZ;
    for (int i = 0; i < SONAR_SAMPLES; i++) {
      samples[i] = (float) (envelope[i] * Tables.sine(i * step));
    }
    writeWithGain(out);
  }

  static byte[] newPayload() {
    return new byte[SONAR_BYTES];
  }
}
