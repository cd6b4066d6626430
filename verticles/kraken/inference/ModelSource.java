package kraken.inference;

import io.vertx.core.Future;

import java.util.List;

/**
 * Where the models to serve come from: ONNX files written by {@code kraken train}, each describing itself in its
 * {@link ModelCard}. A role with no model is simply absent from the list. Implementations do their I/O off the
 * event loop.
 */
public interface ModelSource {

  Future<List<byte[]>> load();
}
