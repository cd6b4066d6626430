package kraken.storage;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** One row of the model store without the ONNX bytes: enough to list models and choose one. */
public record ModelListing(String name, String version, List<String> classes, List<String> features, int members,
                           String dataFingerprint, JsonObject metrics, Instant createdAt) {

  public ModelListing {
    classes = List.copyOf(classes);
    features = List.copyOf(features);
  }
}
