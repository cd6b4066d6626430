package kraken.inference.features;

/**
 * Power spectrum of a real signal of power-of-two length n: one complex FFT of n/2 points (even samples as real
 * parts, odd as imaginary) and a split step, with twiddles and the bit-reversal order computed once. Not
 * thread-safe (scratch arrays).
 */
final class RealFft {

  private final int n;
  private final int half;
  private final int[] bitReverse;
  private final float[] cos;
  private final float[] sin;
  private final float[] splitCos;
  private final float[] splitSin;
  private final float[] re;
  private final float[] im;

  RealFft(int n) {
    if (n < 4 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two of at least 4, got " + n);
    }
    this.n = n;
    this.half = n / 2;
    this.bitReverse = new int[half];
    int bits = Integer.numberOfTrailingZeros(half);
    for (int i = 0; i < half; i++) {
      bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
    }
    this.cos = new float[half / 2];
    this.sin = new float[half / 2];
    for (int j = 0; j < half / 2; j++) {
      cos[j] = (float) Math.cos(2 * Math.PI * j / half);
      sin[j] = (float) Math.sin(2 * Math.PI * j / half);
    }
    this.splitCos = new float[half + 1];
    this.splitSin = new float[half + 1];
    for (int k = 0; k <= half; k++) {
      splitCos[k] = (float) Math.cos(2 * Math.PI * k / n);
      splitSin[k] = (float) Math.sin(2 * Math.PI * k / n);
    }
    this.re = new float[half];
    this.im = new float[half];
  }

  int size() {
    return n;
  }

  /** |X[k]|^2 for k = 0..n/2 into {@code power} (length at least n/2 + 1); {@code x} holds n samples. */
  void power(float[] x, float[] power) {
    for (int k = 0; k < half; k++) {
      int to = bitReverse[k];
      re[to] = x[2 * k];
      im[to] = x[2 * k + 1];
    }
    for (int size = 2; size <= half; size <<= 1) {
      int span = size >> 1;
      int step = half / size;
      for (int start = 0; start < half; start += size) {
        for (int j = 0; j < span; j++) {
          float wr = cos[j * step];
          float wi = -sin[j * step];
          int a = start + j;
          int b = a + span;
          float tr = wr * re[b] - wi * im[b];
          float ti = wr * im[b] + wi * re[b];
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
    for (int k = 0; k <= half; k++) {
      int i = k == half ? 0 : k;
      int mirror = k == 0 ? 0 : half - k;
      float zr = re[i];
      float zi = im[i];
      float cr = re[mirror];
      float ci = -im[mirror];
      float evenR = (zr + cr) * 0.5f;
      float evenI = (zi + ci) * 0.5f;
      float oddR = (zi - ci) * 0.5f;
      float oddI = -(zr - cr) * 0.5f;
      float wr = splitCos[k];
      float wi = -splitSin[k];
      float xr = evenR + wr * oddR - wi * oddI;
      float xi = evenI + wr * oddI + wi * oddR;
      power[k] = xr * xr + xi * xi;
    }
  }
}
