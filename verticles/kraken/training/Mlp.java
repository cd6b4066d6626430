package kraken.training;

import java.util.Arrays;
import java.util.List;

/**
 * A multi-layer perceptron classifier: inputs are standardised ({@code (x - mean) * scale}), then dense layers with
 * ReLU between them and a softmax at the end. The weights of layer {@code l} are {@code in x out}, row-major by
 * input, so that ONNX's Gemm computes {@code X * W + b} with them as they are. Plain arrays, so the trainer can
 * update them in place and {@link OnnxMlpWriter} can write them without conversion.
 */
public final class Mlp {

  private final int[] sizes;
  private final float[] mean;
  private final float[] scale;
  final float[][] weights;
  final float[][] biases;

  /** A network with layer sizes {@code sizes} (inputs first, classes last), all weights zero, identity scaling. */
  public Mlp(int... sizes) {
    if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("layer sizes " + Arrays.toString(sizes)
        + " are not valid: expected at least an input and an output size, each at least 1");
    }
    this.sizes = sizes.clone();
    this.mean = new float[sizes[0]];
    this.scale = new float[sizes[0]];
    Arrays.fill(scale, 1);
    this.weights = new float[sizes.length - 1][];
    this.biases = new float[sizes.length - 1][];
    for (int l = 0; l < weights.length; l++) {
      weights[l] = new float[sizes[l] * sizes[l + 1]];
      biases[l] = new float[sizes[l + 1]];
    }
  }

  public int inputs() {
    return sizes[0];
  }

  public int classes() {
    return sizes[sizes.length - 1];
  }

  /** Layer sizes, inputs first. */
  public List<Integer> sizes() {
    return Arrays.stream(sizes).boxed().toList();
  }

  public int layers() {
    return weights.length;
  }

  public float[] mean() {
    return mean;
  }

  public float[] scale() {
    return scale;
  }

  /** Weights of layer {@code l}: {@code in x out}, row-major by input. */
  public float[] weights(int l) {
    return weights[l];
  }

  public float[] biases(int l) {
    return biases[l];
  }

  /** Class probabilities for one row of raw (unscaled) features. */
  public float[] probabilities(float[] features) {
    float[][] activations = forward(features);
    return activations[activations.length - 1];
  }

  /**
   * Every layer's output for one row: index 0 is the standardised input, the last the softmax probabilities, the
   * ones between the ReLU outputs. The trainer back-propagates through these.
   */
  float[][] forward(float[] features) {
    if (features.length != sizes[0]) {
      throw new IllegalArgumentException(features.length + " features given, the model takes " + sizes[0]);
    }
    float[][] activations = new float[sizes.length][];
    float[] x = new float[sizes[0]];
    for (int i = 0; i < x.length; i++) {
      x[i] = (features[i] - mean[i]) * scale[i];
    }
    activations[0] = x;
    for (int l = 0; l < weights.length; l++) {
      float[] next = dense(x, weights[l], biases[l], sizes[l + 1]);
      if (l < weights.length - 1) {
        for (int j = 0; j < next.length; j++) {
          next[j] = Math.max(0, next[j]);
        }
      } else {
        softmaxInPlace(next);
      }
      activations[l + 1] = next;
      x = next;
    }
    return activations;
  }

  private static float[] dense(float[] x, float[] w, float[] b, int out) {
    float[] y = b.clone();
    for (int i = 0; i < x.length; i++) {
      float xi = x[i];
      if (xi == 0) {
        continue;
      }
      int row = i * out;
      for (int j = 0; j < out; j++) {
        y[j] += xi * w[row + j];
      }
    }
    return y;
  }

  static void softmaxInPlace(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < logits.length; j++) {
      logits[j] = (float) Math.exp(logits[j] - max);
      sum += logits[j];
    }
    for (int j = 0; j < logits.length; j++) {
      logits[j] = (float) (logits[j] / sum);
    }
  }
}
