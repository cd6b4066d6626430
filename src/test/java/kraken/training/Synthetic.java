package kraken.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small data sets with known answers, generated from a seed. */
final class Synthetic {

  private Synthetic() {
  }

  /** Gaussian blobs: class c centred at 4 * (c-th unit vector), spread 1, in {@code width} dimensions. */
  static TrainingData blobs(int rowsPerClass, int classes, int width, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[rowsPerClass * classes * width];
    int[] y = new int[rowsPerClass * classes];
    for (int r = 0; r < y.length; r++) {
      y[r] = r % classes;
      for (int i = 0; i < width; i++) {
        x[r * width + i] = (float) ((i == y[r] % width ? 4 : 0) + random.nextGaussian());
      }
    }
    return new TrainingData(names(width), "class", classNames(classes), x, y);
  }

  /** XOR: class 1 when the signs of x0 and x1 differ; no straight line separates the classes. */
  static TrainingData xor(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[rows * 2];
    int[] y = new int[rows];
    for (int r = 0; r < rows; r++) {
      float a = (float) (random.nextDouble() * 2 - 1);
      float b = (float) (random.nextDouble() * 2 - 1);
      x[r * 2] = a;
      x[r * 2 + 1] = b;
      y[r] = (a > 0) != (b > 0) ? 1 : 0;
    }
    return new TrainingData(names(2), "class", List.of("same", "differ"), x, y);
  }

  /** The data as CSV text with a header, the label last. */
  static String csv(TrainingData data) {
    StringBuilder text = new StringBuilder(String.join(",", data.featureNames())).append(",").append(data.labelName())
      .append("\n");
    for (int r = 0; r < data.rows(); r++) {
      for (int i = 0; i < data.width(); i++) {
        text.append(data.features()[r * data.width() + i]).append(",");
      }
      text.append(data.classes().get(data.labels()[r])).append("\n");
    }
    return text.toString();
  }

  static TrainingSettings settings(int epochs, long seed) {
    return new TrainingSettings(List.of(16), epochs, 32, 0.01, 1e-4, 2, seed);
  }

  private static List<String> names(int width) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      names.add("f" + i);
    }
    return names;
  }

  private static List<String> classNames(int classes) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add("c" + c);
    }
    return names;
  }
}
