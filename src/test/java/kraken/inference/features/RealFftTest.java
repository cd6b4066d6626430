package kraken.inference.features;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("The real FFT gives the power spectrum a plain DFT gives")
class RealFftTest {

  @Test
  @DisplayName("for random signals of 8 to 1024 samples every bin matches the DFT to 1e-3 of the total power")
  void matchesPlainDft() {
    SplittableRandom random = new SplittableRandom(5);
    for (int n = 8; n <= 1024; n *= 2) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) random.nextGaussian();
      }
      float[] power = new float[n / 2 + 1];
      new RealFft(n).power(x, power);
      double total = 0;
      double[] expected = new double[n / 2 + 1];
      for (int k = 0; k <= n / 2; k++) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
          re += x[i] * Math.cos(2 * Math.PI * k * i / n);
          im -= x[i] * Math.sin(2 * Math.PI * k * i / n);
        }
        expected[k] = re * re + im * im;
        total += expected[k];
      }
      for (int k = 0; k <= n / 2; k++) {
        assertThat((double) power[k]).as("n %d bin %d", n, k).isCloseTo(expected[k], within(1e-3 * total));
      }
    }
  }
}
