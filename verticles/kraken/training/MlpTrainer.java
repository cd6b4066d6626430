package kraken.training;

import java.util.SplittableRandom;

/**
 * Trains one {@link Mlp} by mini-batch Adam on softmax cross-entropy with an L2 penalty on the weights.
 * Inputs are standardised with the mean and standard deviation of the training rows only (kept in the Mlp, so
 * the ONNX graph applies the same scaling); weights start He-initialised; rows are shuffled every epoch. All
 * randomness comes from the one generator given, so the same rows, settings and seed give the same weights, bit
 * for bit.
 *
 * <p>Speed: every buffer is allocated once per training, sized for one mini-batch; the inner loops run over
 * contiguous float rows (which the JIT vectorises) and skip zero activations, which ReLU makes common.
 */
final class MlpTrainer {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  /** Reports the mean cross-entropy of each finished epoch. */
  interface EpochListener {
    void epochDone(int epoch, double meanLoss);
  }

  private final Mlp mlp;
  private final TrainingSettings settings;
  private final MlpBatch batch;
  private final float[][] deltas;
  private final float[][] weightGradients;
  private final float[][] biasGradients;
  private final float[][] weightMoments1;
  private final float[][] weightMoments2;
  private final float[][] biasMoments1;
  private final float[][] biasMoments2;
  private int step;

  private MlpTrainer(Mlp mlp, TrainingSettings settings) {
    this.mlp = mlp;
    this.settings = settings;
    this.batch = new MlpBatch(mlp, settings.batch());
    int layers = mlp.layers();
    deltas = new float[layers + 1][];
    weightGradients = new float[layers][];
    biasGradients = new float[layers][];
    weightMoments1 = new float[layers][];
    weightMoments2 = new float[layers][];
    biasMoments1 = new float[layers][];
    biasMoments2 = new float[layers][];
    for (int l = 0; l <= layers; l++) {
      deltas[l] = new float[settings.batch() * mlp.sizes().get(l)];
    }
    for (int l = 0; l < layers; l++) {
      weightGradients[l] = new float[mlp.weights[l].length];
      weightMoments1[l] = new float[mlp.weights[l].length];
      weightMoments2[l] = new float[mlp.weights[l].length];
      biasGradients[l] = new float[mlp.biases[l].length];
      biasMoments1[l] = new float[mlp.biases[l].length];
      biasMoments2[l] = new float[mlp.biases[l].length];
    }
  }

  /** Trains a network on {@code data}, drawing initial weights and row order from {@code random}. */
  static Mlp train(TrainingData data, TrainingSettings settings, SplittableRandom random, EpochListener listener) {
    Mlp mlp = new Mlp(settings.layerSizes(data.width(), data.classes().size()));
    standardise(mlp, data);
    heInitialise(mlp, random);
    MlpTrainer trainer = new MlpTrainer(mlp, settings);
    int[] order = new int[data.rows()];
    for (int r = 0; r < order.length; r++) {
      order[r] = r;
    }
    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      shuffle(order, random);
      double loss = 0;
      for (int start = 0; start < order.length; start += settings.batch()) {
        int rows = Math.min(settings.batch(), order.length - start);
        loss += trainer.step(data, order, start, rows);
      }
      listener.epochDone(epoch, loss / order.length);
    }
    return mlp;
  }

  /** One Adam step on rows {@code order[start .. start+rows)}; returns their summed cross-entropy. */
  private double step(TrainingData data, int[] order, int start, int rows) {
    float[] probabilities = batch.forward(data.features(), order, start, rows);
    int classes = mlp.classes();
    float[] outputDelta = deltas[mlp.layers()];
    double loss = 0;
    float perRow = 1f / rows;
    for (int r = 0; r < rows; r++) {
      int label = data.labels()[order[start + r]];
      int base = r * classes;
      loss -= Math.log(Math.max(probabilities[base + label], 1e-30f));
      for (int c = 0; c < classes; c++) {
        float target = c == label ? 1f : 0f;
        outputDelta[base + c] = (probabilities[base + c] - target) * perRow;
      }
    }
    for (int l = mlp.layers() - 1; l >= 0; l--) {
      gradients(l, rows);
      if (l > 0) {
        backPropagate(l, rows);
      }
    }
    step++;
    for (int l = 0; l < mlp.layers(); l++) {
      float[] w = mlp.weights[l];
      float[] g = weightGradients[l];
      float l2 = (float) settings.l2();
      for (int i = 0; i < w.length; i++) {
        g[i] += l2 * w[i];
      }
      adam(w, g, weightMoments1[l], weightMoments2[l]);
      adam(mlp.biases[l], biasGradients[l], biasMoments1[l], biasMoments2[l]);
    }
    return loss;
  }

  /** Gradients of layer {@code l}'s weights and biases from its output delta and its input activations. */
  private void gradients(int l, int rows) {
    int in = mlp.sizes().get(l);
    int out = mlp.sizes().get(l + 1);
    float[] input = batch.activations(l);
    float[] delta = deltas[l + 1];
    float[] gw = weightGradients[l];
    float[] gb = biasGradients[l];
    java.util.Arrays.fill(gw, 0f);
    java.util.Arrays.fill(gb, 0f);
    for (int r = 0; r < rows; r++) {
      int dr = r * out;
      for (int j = 0; j < out; j++) {
        gb[j] += delta[dr + j];
      }
      int ir = r * in;
      for (int i = 0; i < in; i++) {
        float a = input[ir + i];
        if (a == 0f) {
          continue;
        }
        int wi = i * out;
        for (int j = 0; j < out; j++) {
          gw[wi + j] += a * delta[dr + j];
        }
      }
    }
  }

  /** The delta of layer {@code l}'s input (a ReLU output): the weighted output delta where the unit was active. */
  private void backPropagate(int l, int rows) {
    int in = mlp.sizes().get(l);
    int out = mlp.sizes().get(l + 1);
    float[] input = batch.activations(l);
    float[] w = mlp.weights[l];
    float[] delta = deltas[l + 1];
    float[] previous = deltas[l];
    for (int r = 0; r < rows; r++) {
      int dr = r * out;
      int ir = r * in;
      for (int i = 0; i < in; i++) {
        if (input[ir + i] <= 0f) {
          previous[ir + i] = 0f;
          continue;
        }
        int wi = i * out;
        float sum = 0f;
        for (int j = 0; j < out; j++) {
          sum += w[wi + j] * delta[dr + j];
        }
        previous[ir + i] = sum;
      }
    }
  }

  private void adam(float[] parameters, float[] gradient, float[] m, float[] v) {
    float correctedRate = (float) (settings.learningRate() * Math.sqrt(1 - StrictMath.pow(BETA2, step))
      / (1 - StrictMath.pow(BETA1, step)));
    for (int i = 0; i < parameters.length; i++) {
      float g = gradient[i];
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      parameters[i] -= correctedRate * m[i] / ((float) Math.sqrt(v[i]) + EPSILON);
    }
  }

  /** Mean and 1/standard deviation of each feature over the training rows; a constant feature keeps scale 1. */
  private static void standardise(Mlp mlp, TrainingData data) {
    int d = data.width();
    double[] sum = new double[d];
    double[] sumSquares = new double[d];
    float[] x = data.features();
    for (int r = 0; r < data.rows(); r++) {
      for (int i = 0; i < d; i++) {
        double v = x[r * d + i];
        sum[i] += v;
        sumSquares[i] += v * v;
      }
    }
    for (int i = 0; i < d; i++) {
      double mean = sum[i] / data.rows();
      double variance = Math.max(0, sumSquares[i] / data.rows() - mean * mean);
      double sd = Math.sqrt(variance);
      mlp.mean()[i] = (float) mean;
      mlp.scale()[i] = sd > 1e-9 * Math.max(1, Math.abs(mean)) ? (float) (1 / sd) : 1f;
    }
  }

  /** He initialisation: weights ~ N(0, 2 / fan-in), biases zero; suits ReLU layers. */
  private static void heInitialise(Mlp mlp, SplittableRandom random) {
    for (int l = 0; l < mlp.layers(); l++) {
      double sd = Math.sqrt(2.0 / mlp.sizes().get(l));
      float[] w = mlp.weights[l];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (random.nextGaussian() * sd);
      }
    }
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
