package kraken.inference;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.storage.ModelStore;
import kraken.storage.StoredModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL model store as the source of the serving models: the newest version of each role. A role the store
 * has never seen is seeded with the jar's default first (recorded with {@code "source": "jar"}), so a fresh database
 * serves at once and the store stays the one place that says what serves.
 */
public final class StoreModelSource implements ModelSource {

  private final Vertx vertx;
  private final JsonObject config;

  public StoreModelSource(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
  }

  @Override
  public Future<List<byte[]>> load() {
    ModelStore store = ModelStore.create(vertx, config);
    return new JarModelSource(vertx).load()
      .compose(defaults -> {
        List<Future<Optional<byte[]>>> roles = new ArrayList<>();
        for (String role : ModelRoles.ALL) {
          byte[] fallback = defaults.stream().filter(onnx -> ModelCard.of(onnx).name().equals(role)).findFirst()
            .orElse(null);
          roles.add(newest(store, role, fallback));
        }
        return Future.all(roles);
      })
      .map(all -> {
        List<byte[]> models = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          all.<Optional<byte[]>>resultAt(i).ifPresent(models::add);
        }
        return models;
      })
      .eventually(store::close);
  }

  private static Future<Optional<byte[]>> newest(ModelStore store, String role, byte[] fallback) {
    return store.latest(role).compose(stored -> {
      if (stored.isPresent() || fallback == null) {
        return Future.succeededFuture(stored.map(StoredModel::onnx));
      }
      return store.save(ModelCard.of(fallback), fallback, new JsonObject().put("source", "jar"))
        .compose(saved -> store.latest(role)).map(seeded -> seeded.map(StoredModel::onnx));
    });
  }

  @Override
  public String toString() {
    return "the PostgreSQL model store";
  }
}
