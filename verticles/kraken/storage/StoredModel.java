package kraken.storage;

import io.vertx.core.json.JsonObject;
import kraken.inference.ModelCard;

import java.time.Instant;

/**
 * A model as the store holds it: the ONNX file (load it with {@code OnnxModel.load(onnx)}), its card (read from
 * the file's own metadata, so it is exactly what the file says), how it was trained, and when it was first stored.
 */
public record StoredModel(ModelCard card, byte[] onnx, JsonObject settings, Instant createdAt) {
}
