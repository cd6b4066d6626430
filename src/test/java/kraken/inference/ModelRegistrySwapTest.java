package kraken.inference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(VertxExtension.class)
@DisplayName("The model registry swaps versions while they serve")
class ModelRegistrySwapTest {

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("under many threads predicting, repeated swaps crash nothing, every call is answered whole by exactly "
    + "one version, and every replaced version is closed")
  void swapUnderLoad(Vertx vertx) throws Exception {
    int features = 6;
    Map<String, TestModels.Made> byVersion = new ConcurrentHashMap<>();
    ModelRegistry registry = new ModelRegistry(vertx);
    ModelServing serving = new ModelServing(vertx, registry, new ServingLimits(2, 64, 200, 100_000),
      new SimpleMeterRegistry());
    TestModels.Made first = TestModels.random("sonar", "v0", features, 3, 2, 0);
    byVersion.put("v0", first);
    await(registry.install(first.onnx()));

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong answered = new AtomicLong();
    AtomicReference<Throwable> wrong = new AtomicReference<>();
    Map<String, AtomicLong> answersByVersion = new ConcurrentHashMap<>();
    List<Thread> callers = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(6);
    for (int t = 0; t < 6; t++) {
      SplittableRandom random = new SplittableRandom(100 + t);
      Thread caller = new Thread(() -> {
        try {
          while (running.get() && wrong.get() == null) {
            int rows = 1 + random.nextInt(5);
            float[] input = TestModels.rows(random, rows, features);
            Inferred result = await(serving.inferWithModel("sonar", input, rows));
            TestModels.Made version = byVersion.get(result.card().version());
            assertThat(result.rows()).isEqualTo(rows);
            for (int r = 0; r < rows; r++) {
              float[] row = java.util.Arrays.copyOfRange(input, r * features, (r + 1) * features);
              float[] expected = version.expected(row);
              for (int i = 0; i < expected.length; i++) {
                assertThat(result.outputs()[r * result.width() + i]).as("row %d of %s", r, result.modelId())
                  .isCloseTo(expected[i], within(1e-5f));
              }
            }
            answered.incrementAndGet();
            answersByVersion.computeIfAbsent(result.card().version(), v -> new AtomicLong()).incrementAndGet();
          }
        } catch (Throwable e) {
          wrong.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      }, "caller-" + t);
      callers.add(caller);
      caller.start();
    }
    int swaps = 20;
    for (int v = 1; v <= swaps; v++) {
      TestModels.Made next = TestModels.random("sonar", "v" + v, features, 3, 2, v);
      byVersion.put("v" + v, next);
      await(registry.install(next.onnx()));
      assertThat(registry.versions()).containsEntry("sonar", "v" + v);
      Thread.sleep(15);
    }
    running.set(false);
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(wrong.get()).as("a caller saw a wrong or failed answer").isNull();
    assertThat(answered.get()).isGreaterThan(100);
    assertThat(answersByVersion.size()).as("calls were answered by several of the versions").isGreaterThan(2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.closedVersions() < swaps && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(registry.closedVersions()).as("every replaced version is closed").isEqualTo(swaps);
    await(serving.close());
    assertThat(registry.closedVersions()).as("closing retires the last one too").isEqualTo(swaps + 1);
  }

  @Test
  @DisplayName("the jar source serves the roles whose resource exists and leaves the others absent")
  void jarSourceLoadsWhatExists(Vertx vertx, @TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(JarModelSource.FOLDER));
    Files.write(folder.resolve("comms.onnx"), TestModels.random("comms", "c-1", 4, 2, 1, 7).onnx());
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      ModelRegistry registry = new ModelRegistry(vertx);
      List<ModelCard> cards = await(registry.loadFrom(new JarModelSource(vertx, loader)));
      assertThat(cards).extracting(ModelCard::name).containsExactly("comms");
      assertThat(registry.versions()).isEqualTo(Map.of("comms", "c-1"));
      assertThat(registry.acquire("sonar")).as("no sonar model: absent, not an error").isNull();
      await(registry.close());
      assertThat(registry.closedVersions()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a file that is not a KRAKEN model is refused with the reason and the role keeps its version")
  void refusesForeignFile(Vertx vertx) throws Exception {
    ModelRegistry registry = new ModelRegistry(vertx);
    await(registry.install(TestModels.random("fusion", "f-1", 4, 2, 1, 1).onnx()));
    Throwable refused = registry.install(new byte[] {1, 2, 3}).toCompletionStage().toCompletableFuture()
      .handle((ok, failure) -> failure).get(30, TimeUnit.SECONDS);
    assertThat(refused).hasMessageContaining("not an ONNX model file");
    assertThat(registry.versions()).isEqualTo(Map.of("fusion", "f-1"));
    await(registry.close());
  }
}
