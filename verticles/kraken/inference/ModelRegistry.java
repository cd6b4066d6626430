package kraken.inference;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Which version of each role serves now. {@link #install} loads a new version off the event loop and swaps it in
 * while the old one serves: new calls get the new version at once, and the old one is closed only after its calls in
 * flight have released it (see {@link ServingModel}).
 */
public final class ModelRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private final Vertx vertx;
  private final Map<String, ServingModel> serving = new ConcurrentHashMap<>();
  private final AtomicLong closedVersions = new AtomicLong();
  private final List<Consumer<Map<String, String>>> listeners = new CopyOnWriteArrayList<>();

  private final Function<ModelCard, String> contract;

  /** A registry that serves any KRAKEN model file. */
  public ModelRegistry(Vertx vertx) {
    this(vertx, card -> null);
  }

  /**
   * A registry that refuses a model whose card breaks {@code contract} (which names the problem, or gives null):
   * the version serving before stays.
   */
  public ModelRegistry(Vertx vertx, Function<ModelCard, String> contract) {
    this.vertx = vertx;
    this.contract = contract;
  }

  /** Installs every model the source has; one that cannot be loaded is logged and left out (its role is absent). */
  public Future<List<ModelCard>> loadFrom(ModelSource source) {
    return source.load().compose(files -> {
      List<Future<ModelCard>> installs = new ArrayList<>(files.size());
      for (byte[] file : files) {
        installs.add(install(file).recover(failure -> {
          LOG.error("a model from {} was not installed: {}", source, failure.getMessage());
          return Future.succeededFuture(null);
        }));
      }
      return Future.join(installs).map(all -> {
        List<ModelCard> cards = installs.stream().map(Future::result).filter(c -> c != null).toList();
        LOG.info("models from {}: {}", source, cards.isEmpty() ? "none (the rules answer, degraded: no_model)"
          : versions());
        return cards;
      });
    });
  }

  /** Loads a model (off the event loop) and makes it its role's serving version; the previous one retires. */
  public Future<ModelCard> install(byte[] onnx) {
    return vertx.executeBlocking(() -> {
      String problem = contract.apply(ModelCard.of(onnx));
      if (problem != null) {
        throw new IllegalArgumentException("model " + ModelCard.of(onnx).id() + " refused: " + problem);
      }
      return swapIn(OnnxModel.load(onnx));
    }, false);
  }

  private ModelCard swapIn(OnnxModel model) {
    ServingModel next = new ServingModel(model, closedVersions::incrementAndGet);
    ServingModel previous = serving.put(model.card().name(), next);
    if (previous == null) {
      LOG.info("model {} serving", next.id());
    } else {
      LOG.info("model {} serving in place of {}, which closes once its calls in flight are done", next.id(),
        previous.id());
      previous.retire();
    }
    Map<String, String> now = versions();
    listeners.forEach(listener -> listener.accept(now));
    return model.card();
  }

  /** Role to serving version, sorted by role. */
  public Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    serving.forEach((role, model) -> versions.put(role, model.card().version()));
    return versions;
  }

  /** Called with {@link #versions()} after every change. */
  public void onChange(Consumer<Map<String, String>> listener) {
    listeners.add(listener);
  }

  /** Retired versions whose native model is closed. */
  public long closedVersions() {
    return closedVersions.get();
  }

  /**
   * The serving version of {@code role} with a reference taken for one run, or null when none serves. The caller
   * must {@link ServingModel#release()} it.
   */
  ServingModel acquire(String role) {
    while (true) {
      ServingModel model = serving.get(role);
      if (model == null) {
        return null;
      }
      if (model.tryAcquire()) {
        return model;
      }
      // closed between the read and the acquire: it was swapped out, so the map already holds its successor
    }
  }

  /** Retires every version; each closes once its calls in flight are done. */
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      for (String role : List.copyOf(serving.keySet())) {
        ServingModel model = serving.remove(role);
        if (model != null) {
          model.retire();
        }
      }
      return null;
    }, false);
  }
}
