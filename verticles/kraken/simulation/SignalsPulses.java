package kraken.simulation;

import java.util.SplittableRandom;

import static kraken.bus.PayloadFormat.SIGNALS_SAMPLES;
import static kraken.bus.PayloadFormat.SIGNALS_SAMPLE_US;

/**
 * Synthesises signals payloads ({@link kraken.bus.PayloadFormat}): the detected envelope of a radar's pulse train
 * (its pulse repetition interval, stagger and pulse width are the emitter's fingerprint) over a receiver noise floor.
 */
final class SignalsPulses {

  static final int NOISE_FLOOR = 300;

  private SignalsPulses() {
  }

  static byte[] newPayload() {
    return new byte[2 * SIGNALS_SAMPLES];
  }

  /** Pulse amplitude in counts for a received strength in dBm. */
  static int amplitude(double strengthDbm) {
    return (int) Math.max(400, Math.min(30_000, (strengthDbm + 120) * 300));
  }

  static void render(Signature s, double strengthDbm, SplittableRandom r, byte[] out, boolean noisy) {
    int noise = r.nextInt(Tables.NOISE_SIZE);
    for (int i = 0; i < SIGNALS_SAMPLES; i++) {
      Tables.putShort(out, i, noisy ? (int) Math.abs(NOISE_FLOOR * Tables.noise(noise + i)) : 0);
    }
    int amplitude = amplitude(strengthDbm);
    double pri = s.radarPriUs() / SIGNALS_SAMPLE_US;
    int width = Math.max(1, (int) Math.round(s.radarPulseUs() / SIGNALS_SAMPLE_US));
    double at = r.nextDouble(pri);
    for (int k = 0; at < SIGNALS_SAMPLES; k++) {
      int level = noisy ? (int) (amplitude * r.nextDouble(0.85, 1.0)) : amplitude;
      for (int i = (int) at; i < Math.min(SIGNALS_SAMPLES, (int) at + width); i++) {
        Tables.putShort(out, i, level);
      }
      at += pri * (1 + s.radarStagger() * ((k % 3) - 1));
    }
  }
}
