package kraken.inference;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The default models shipped inside the jar: resources {@code kraken/inference/models/<role>.onnx} for each of
 * {@link ModelRoles#ALL}; a role without its resource is absent (the rules answer for it, degraded).
 */
public final class JarModelSource implements ModelSource {

  static final String FOLDER = "kraken/inference/models/";

  private final Vertx vertx;
  private final ClassLoader loader;

  public JarModelSource(Vertx vertx) {
    this(vertx, JarModelSource.class.getClassLoader());
  }

  JarModelSource(Vertx vertx, ClassLoader loader) {
    this.vertx = vertx;
    this.loader = loader;
  }

  @Override
  public Future<List<byte[]>> load() {
    return vertx.executeBlocking(() -> {
      List<byte[]> models = new ArrayList<>();
      for (String role : ModelRoles.ALL) {
        try (InputStream in = loader.getResourceAsStream(FOLDER + role + ".onnx")) {
          if (in != null) {
            models.add(in.readAllBytes());
          }
        } catch (IOException e) {
          throw new UncheckedIOException("could not read " + FOLDER + role + ".onnx from the jar", e);
        }
      }
      return models;
    });
  }

  @Override
  public String toString() {
    return "the jar (" + FOLDER + ")";
  }
}
