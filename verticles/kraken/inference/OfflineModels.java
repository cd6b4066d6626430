package kraken.inference;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five models run synchronously on the calling thread, one predictor each, without batching or Vert.x: for the
 * quality test, the benchmark's raw ONNX Runtime baseline and the making of fusion training rows, which must see
 * exactly what serving sees. Not thread-safe.
 */
public final class OfflineModels implements AutoCloseable {

  private record Loaded(OnnxModel model, Predictor<NDList, NDList> predictor) {
  }

  private final Map<String, Loaded> byRole = new LinkedHashMap<>();

  private OfflineModels() {
  }

  /** The models shipped in the jar (or on the test class path). */
  public static OfflineModels fromJar() {
    OfflineModels models = new OfflineModels();
    for (String role : ModelRoles.ALL) {
      try (InputStream in = OfflineModels.class.getClassLoader()
        .getResourceAsStream(JarModelSource.FOLDER + role + ".onnx")) {
        if (in != null) {
          models.add(in.readAllBytes());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return models;
  }

  /** {@code <role>.onnx} files of a directory; absent roles are skipped. */
  public static OfflineModels fromDirectory(Path dir) {
    OfflineModels models = new OfflineModels();
    for (String role : ModelRoles.ALL) {
      Path file = dir.resolve(role + ".onnx");
      if (Files.exists(file)) {
        try {
          models.add(Files.readAllBytes(file));
        } catch (IOException e) {
          throw new UncheckedIOException("could not read " + file, e);
        }
      }
    }
    return models;
  }

  private void add(byte[] onnx) {
    OnnxModel model = OnnxModel.load(onnx);
    byRole.put(model.card().name(), new Loaded(model, model.newPredictor()));
  }

  public boolean has(String role) {
    return byRole.containsKey(role);
  }

  public List<String> roles() {
    return List.copyOf(byRole.keySet());
  }

  public ModelCard card(String role) {
    return loaded(role).model().card();
  }

  /** One ONNX Runtime run of {@code count} rows, as serving's batcher would hand back to one caller. */
  public Inferred run(String role, float[] rows, int count) {
    if (count == 0) {
      return null;
    }
    Loaded loaded = loaded(role);
    float[] out = loaded.model().run(loaded.predictor(), rows, count);
    return new Inferred(loaded.model().card(), out, out.length / count);
  }

  private Loaded loaded(String role) {
    Loaded loaded = byRole.get(role);
    if (loaded == null) {
      throw new IllegalStateException("no " + role + " model loaded (have " + byRole.keySet() + ")");
    }
    return loaded;
  }

  @Override
  public void close() {
    byRole.values().forEach(l -> {
      l.predictor().close();
      l.model().close();
    });
    byRole.clear();
  }
}
