package kraken.inference;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(VertxExtension.class)
@DisplayName("Adaptive batching gathers many callers' rows into one model run")
class AdaptiveBatcherTest {

  private static final int FEATURES = 5;
  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final TestModels.Made sonar = TestModels.random("sonar", "s-1", FEATURES, 4, 3, 11);
  private ModelServing serving;

  private Future<ModelServing> serving(Vertx vertx, ServingLimits limits) {
    serving = new ModelServing(vertx, new ModelRegistry(vertx), limits, meters);
    return serving.registry().install(sonar.onnx()).map(serving);
  }

  @AfterEach
  void close() throws Exception {
    if (serving != null) {
      serving.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("rows of 16 callers become one run closed by size, each caller gets exactly its rows' outputs, and "
    + "the metrics show it")
  void manyCallersOneRun(Vertx vertx, VertxTestContext testContext) {
    SplittableRandom random = new SplittableRandom(5);
    List<float[]> inputs = new ArrayList<>();
    serving(vertx, new ServingLimits(2, 64, 1_000_000, 10_000)).compose(s -> {
      List<Future<Inferred>> calls = new ArrayList<>();
      for (int c = 0; c < 16; c++) {
        float[] rows = TestModels.rows(random, 4, FEATURES);
        inputs.add(rows);
        calls.add(s.inferWithModel("sonar", rows, 4));
      }
      return Future.all(calls).map(all -> calls.stream().map(Future::result).toList());
    }).onComplete(testContext.succeeding(results -> testContext.verify(() -> {
      for (int c = 0; c < 16; c++) {
        Inferred result = results.get(c);
        assertThat(result.modelId()).isEqualTo("sonar-s-1");
        assertThat(result.width()).isEqualTo(12);
        assertThat(result.rows()).isEqualTo(4);
        for (int r = 0; r < 4; r++) {
          float[] expected = sonar.expected(Arrays.copyOfRange(inputs.get(c), r * FEATURES, (r + 1) * FEATURES));
          for (int i = 0; i < expected.length; i++) {
            assertThat(result.outputs()[r * 12 + i]).isCloseTo(expected[i], within(1e-5f));
          }
        }
      }
      String scrape = meters.scrape();
      assertThat(scrape).contains("kraken_inference_batches_total{reason=\"size\",role=\"sonar\"} 1.0");
      assertThat(scrape).contains("kraken_inference_batches_total{reason=\"deadline\",role=\"sonar\"} 0.0");
      assertThat(scrape).contains("kraken_inference_batch_rows_count{role=\"sonar\"} 1");
      assertThat(scrape).contains("kraken_inference_batch_rows_sum{role=\"sonar\"} 64.0");
      assertThat(scrape).contains("kraken_inference_rows_total{role=\"sonar\"} 64.0");
      assertThat(scrape).contains("kraken_inference_batch_max_rows 64.0");
      assertThat(scrape).contains("kraken_inference_batch_max_wait_seconds 1.0");
      assertThat(scrape).contains("kraken_inference_model_serving{role=\"sonar\",version=\"s-1\"} 1.0");
      assertThat(scrape).containsPattern("kraken_inference_batch_wait_seconds_count\\{role=\"sonar\"} 1");
      assertThat(scrape).containsPattern("kraken_inference_run_seconds_count\\{role=\"sonar\"} 1");
      assertThat(scrape).contains("kraken_inference_queued_rows 0.0");
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("a lone caller's batch closes at the deadline")
  void loneCallerClosesAtDeadline(Vertx vertx, VertxTestContext testContext) {
    float[] rows = TestModels.rows(new SplittableRandom(1), 3, FEATURES);
    serving(vertx, new ServingLimits(1, 512, 2_000, 10_000))
      .compose(s -> s.infer("sonar", rows, 3))
      .onComplete(testContext.succeeding(out -> testContext.verify(() -> {
        assertThat(out).hasSize(3 * 12);
        assertThat(out[0]).isCloseTo(sonar.expected(Arrays.copyOfRange(rows, 0, FEATURES))[0], within(1e-5f));
        assertThat(meters.scrape()).contains("kraken_inference_batches_total{reason=\"deadline\",role=\"sonar\"} 1.0")
          .contains("kraken_inference_batches_total{reason=\"size\",role=\"sonar\"} 0.0");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("beyond the queue's bound a submission is refused at once as saturated, and the queued rows are still "
    + "answered")
  void saturatedQueueRefusesAtOnce(Vertx vertx, VertxTestContext testContext) {
    SplittableRandom random = new SplittableRandom(2);
    serving(vertx, new ServingLimits(1, 512, 200_000, 8)).onComplete(testContext.succeeding(s -> {
      Future<float[]> queued = s.infer("sonar", TestModels.rows(random, 6, FEATURES), 6);
      Future<float[]> refused = s.infer("sonar", TestModels.rows(random, 6, FEATURES), 6);
      testContext.verify(() -> {
        assertThat(refused.failed()).as("refused at once, not after the batch's wait").isTrue();
        assertThat(refused.cause()).isInstanceOf(InferenceSaturatedException.class)
          .hasMessageContaining("6 sonar rows refused, 6 rows queued of at most 8");
        assertThat(s.queuedRows()).isEqualTo(6);
      });
      queued.onComplete(testContext.succeeding(out -> testContext.verify(() -> {
        assertThat(out).hasSize(6 * 12);
        assertThat(s.queuedRows()).isZero();
        testContext.completeNow();
      })));
    }));
  }

  @Test
  @DisplayName("a role with no serving version fails with no model, and a caller whose rows do not fit the model "
    + "fails alone")
  void noModelAndWrongWidth(Vertx vertx, VertxTestContext testContext) {
    serving(vertx, new ServingLimits(1, 512, 1_000, 10_000)).onComplete(testContext.succeeding(s -> {
      s.infer("satellite", new float[FEATURES], 1).onComplete(testContext.failing(none -> testContext.verify(() -> {
        assertThat(none).isInstanceOf(NoModelException.class).hasMessage("no satellite model is serving");
        Future<float[]> wrong = s.infer("sonar", new float[FEATURES - 1], 1);
        Future<float[]> right = s.infer("sonar", new float[FEATURES], 1);
        Future.join(wrong, right).onComplete(joined -> testContext.verify(() -> {
          assertThat(wrong.cause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 features");
          assertThat(right.succeeded()).isTrue();
          assertThat(right.result()).hasSize(12);
          testContext.completeNow();
        }));
      })));
    }));
  }
}
