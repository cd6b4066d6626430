package kraken.simulation;

import java.util.SplittableRandom;

/**
 * Tables the synthesisers read instead of calling {@code sin} or drawing a Gaussian per sample: a sine table and a
 * long stretch of Gaussian noise read from a random offset (fixed seed, so the ocean stays reproducible).
 */
final class Tables {

  static final int SINE_SIZE = 4096;
  private static final float[] SINE = new float[SINE_SIZE];
  static final int NOISE_SIZE = 1 << 16;
  static final int NOISE_MASK = NOISE_SIZE - 1;
  private static final float[] NOISE = new float[NOISE_SIZE];

  static {
    for (int i = 0; i < SINE_SIZE; i++) {
      SINE[i] = (float) Math.sin(2 * Math.PI * i / SINE_SIZE);
    }
    SplittableRandom random = new SplittableRandom(0x5EA5EA);
    for (int i = 0; i < NOISE_SIZE; i++) {
      NOISE[i] = (float) random.nextGaussian();
    }
  }

  private Tables() {
  }

  /** sin(2 pi cycles). */
  static float sine(double cycles) {
    return SINE[(int) ((cycles - Math.floor(cycles)) * SINE_SIZE) & (SINE_SIZE - 1)];
  }

  /** Unit Gaussian noise; consecutive indexes are independent. */
  static float noise(int index) {
    return NOISE[index & NOISE_MASK];
  }

  static void putShort(byte[] out, int sample, int value) {
    int clamped = Math.max(-32768, Math.min(32767, value));
    out[2 * sample] = (byte) (clamped >> 8);
    out[2 * sample + 1] = (byte) clamped;
  }

  static int getShort(byte[] in, int sample) {
    return (short) ((in[2 * sample] << 8) | (in[2 * sample + 1] & 0xff));
  }
}
