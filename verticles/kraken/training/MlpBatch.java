package kraken.training;

/**
 * The forward pass of one {@link Mlp} over a block of rows at once, into buffers allocated once: the trainer runs
 * it for every mini-batch and back-propagates through {@link #activations(int)}, evaluation runs it over held-out
 * rows. Same arithmetic as the ONNX graph: standardise, then {@code X * W + b}, ReLU between layers, softmax last.
 */
final class MlpBatch {

  private final Mlp mlp;
  private final int capacity;
  private final float[][] activations;

  MlpBatch(Mlp mlp, int capacity) {
    this.mlp = mlp;
    this.capacity = capacity;
    this.activations = new float[mlp.layers() + 1][];
    for (int l = 0; l <= mlp.layers(); l++) {
      activations[l] = new float[capacity * mlp.sizes().get(l)];
    }
  }

  int capacity() {
    return capacity;
  }

  /** Layer {@code l}'s output for the last block (0: the standardised input; last: the probabilities). */
  float[] activations(int l) {
    return activations[l];
  }

  /**
   * Probabilities ({@code rows x classes}, valid until the next call) of rows {@code order[start .. start+rows)} of
   * {@code features} (row-major); {@code order == null} means rows {@code start ..} in file order.
   */
  float[] forward(float[] features, int[] order, int start, int rows) {
    if (rows > capacity) {
      throw new IllegalArgumentException(rows + " rows exceed this batch's capacity of " + capacity);
    }
    int d = mlp.inputs();
    float[] x = activations[0];
    float[] mean = mlp.mean();
    float[] scale = mlp.scale();
    for (int r = 0; r < rows; r++) {
      int source = (order == null ? start + r : order[start + r]) * d;
      int target = r * d;
      for (int i = 0; i < d; i++) {
        x[target + i] = (features[source + i] - mean[i]) * scale[i];
      }
    }
    int last = mlp.layers() - 1;
    for (int l = 0; l <= last; l++) {
      dense(l, rows);
      int out = mlp.sizes().get(l + 1);
      float[] y = activations[l + 1];
      if (l < last) {
        for (int k = 0; k < rows * out; k++) {
          y[k] = Math.max(0f, y[k]);
        }
      } else {
        for (int r = 0; r < rows; r++) {
          softmax(y, r * out, out);
        }
      }
    }
    return activations[last + 1];
  }

  private void dense(int l, int rows) {
    int in = mlp.sizes().get(l);
    int out = mlp.sizes().get(l + 1);
    float[] x = activations[l];
    float[] y = activations[l + 1];
    float[] w = mlp.weights[l];
    float[] b = mlp.biases[l];
    for (int r = 0; r < rows; r++) {
      int yr = r * out;
      System.arraycopy(b, 0, y, yr, out);
      int xr = r * in;
      for (int i = 0; i < in; i++) {
        float xi = x[xr + i];
        if (xi == 0f) {
          continue;
        }
        int wi = i * out;
        for (int j = 0; j < out; j++) {
          y[yr + j] += xi * w[wi + j];
        }
      }
    }
  }

  /** Softmax in place; StrictMath so the same weights give the same probabilities on any JVM, hence the same training. */
  private static void softmax(float[] v, int from, int length) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = from; j < from + length; j++) {
      max = Math.max(max, v[j]);
    }
    float sum = 0f;
    for (int j = from; j < from + length; j++) {
      v[j] = (float) StrictMath.exp(v[j] - max);
      sum += v[j];
    }
    for (int j = from; j < from + length; j++) {
      v[j] /= sum;
    }
  }
}
