package kraken.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;

/**
 * One KRAKEN ONNX model loaded into ONNX Runtime through DJL, with its {@link ModelCard}. A {@link Predictor} is
 * not thread-safe: each worker takes its own from {@link #newPredictor()}. Closing the model while a predictor
 * runs crashes the JVM (native code), so whoever swaps models must wait for in-flight calls first.
 */
public final class OnnxModel implements AutoCloseable {

  static {
    offline();
  }

  private final ModelCard card;
  private final Model model;

  private OnnxModel(ModelCard card, Model model) {
    this.card = card;
    this.model = model;
  }

  /**
   * DJL must never reach the network: no model-zoo downloads, no usage tracking (it otherwise probes
   * 169.254.169.254). Called before any DJL class does its own static set-up.
   */
  public static void offline() {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
  }

  public static OnnxModel load(byte[] onnx) {
    ModelCard card = ModelCard.of(onnx);
    Model model = Model.newInstance(card.id(), "OnnxRuntime");
    try {
      model.load(new ByteArrayInputStream(onnx));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalArgumentException("ONNX Runtime could not load model " + card.name() + " " + card.version()
        + ": " + e.getMessage(), e);
    }
    return new OnnxModel(card, model);
  }

  public ModelCard card() {
    return card;
  }

  public Predictor<NDList, NDList> newPredictor() {
    return model.newPredictor(new NoopTranslator());
  }

  /**
   * Runs {@code rows} rows of features laid out row after row in {@code features} and returns the output row after
   * row ({@code members * classes} values per row, see {@link ModelCard}).
   */
  public float[] run(Predictor<NDList, NDList> predictor, float[] features, int rows) {
    int width = card.features().size();
    if (features.length < rows * width) {
      throw new IllegalArgumentException(features.length + " values cannot hold " + rows + " rows of " + width);
    }
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray input = manager.create(FloatBuffer.wrap(features, 0, rows * width), new Shape(rows, width));
      input.setName(ModelCard.INPUT);
      NDList output = predictor.predict(new NDList(input));
      return output.get(0).toFloatArray();
    } catch (TranslateException e) {
      throw new IllegalStateException("model " + card.name() + " " + card.version() + " failed on " + rows
        + " rows: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
