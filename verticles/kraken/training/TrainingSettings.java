package kraken.training;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How an ensemble is trained: hidden layer sizes (at least one layer), passes over the data, rows per Adam step,
 * Adam's step size, the L2 penalty on weights, how many members (differing only by seed) and the seed.
 */
public record TrainingSettings(List<Integer> hidden, int epochs, int batch, double learningRate, double l2,
                               int members, long seed) {

  public static final List<Integer> DEFAULT_HIDDEN = List.of(64);
  public static final int DEFAULT_EPOCHS = 30;
  public static final int DEFAULT_BATCH = 64;
  public static final double DEFAULT_LEARNING_RATE = 0.002;
  public static final double DEFAULT_L2 = 1e-4;
  public static final int DEFAULT_MEMBERS = 3;

  public TrainingSettings {
    hidden = List.copyOf(hidden);
    if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1 || h > 4096)) {
      throw new TrainingInputException("--hidden " + hidden + " is not valid: give one or more layer sizes from 1 to "
        + "4096, comma-separated, e.g. 64 or 64,32");
    }
    requireRange("--epochs", epochs, 1, 100_000);
    requireRange("--batch", batch, 1, 1_000_000);
    requireRange("--members", members, 1, 64);
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new TrainingInputException("--learning-rate " + learningRate + " is not valid: expected a number in (0, 1]");
    }
    if (!(l2 >= 0 && l2 < 1)) {
      throw new TrainingInputException("--l2 " + l2 + " is not valid: expected a number in [0, 1)");
    }
  }

  /** Layer sizes of a network for {@code inputs} features and {@code classes} classes. */
  int[] layerSizes(int inputs, int classes) {
    int[] sizes = new int[hidden.size() + 2];
    sizes[0] = inputs;
    for (int l = 0; l < hidden.size(); l++) {
      sizes[l + 1] = hidden.get(l);
    }
    sizes[sizes.length - 1] = classes;
    return sizes;
  }

  /** The settings as reported and stored: stable key order, so the model version computed from them is stable. */
  public JsonObject toJson() {
    return new JsonObject().put("seed", seed).put("hidden", new JsonArray(hidden)).put("epochs", epochs)
      .put("batch", batch).put("learning_rate", learningRate).put("l2", l2).put("members", members);
  }

  private static void requireRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new TrainingInputException(option + " " + value + " is not valid: expected a whole number from " + min
        + " to " + max);
    }
  }
}
