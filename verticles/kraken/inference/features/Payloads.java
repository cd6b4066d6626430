package kraken.inference.features;

/** Small readers of raw payload bytes shared by the extractors. */
final class Payloads {

  private Payloads() {
  }

  /** Decodes up to {@code samples.length} big-endian int16 samples; returns how many there were. */
  static int samples(byte[] payload, float[] samples) {
    int count = Math.min(samples.length, payload.length / 2);
    for (int i = 0; i < count; i++) {
      samples[i] = (short) ((payload[2 * i] << 8) | (payload[2 * i + 1] & 0xff));
    }
    return count;
  }

  /** Shannon entropy of the bytes, bits per byte (0 to 8); {@code histogram} (256) is scratch. */
  static float entropy(byte[] bytes, int from, int to, int[] histogram) {
    java.util.Arrays.fill(histogram, 0);
    for (int i = from; i < to; i++) {
      histogram[bytes[i] & 0xff]++;
    }
    int length = to - from;
    if (length <= 0) {
      return 0;
    }
    double entropy = 0;
    for (int count : histogram) {
      if (count > 0) {
        double p = count / (double) length;
        entropy -= p * Math.log(p);
      }
    }
    return (float) (entropy / Math.log(2));
  }

  static float clamp01(double value) {
    return value <= 0 || Double.isNaN(value) ? 0 : value >= 1 ? 1 : (float) value;
  }

  static float clamp(double value, double low, double high) {
    return Double.isNaN(value) ? 0 : (float) Math.max(low, Math.min(high, value));
  }
}
