package kraken.inference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.ContactUpdate;
import kraken.bus.ThreatAssessment;
import kraken.config.Setting;
import kraken.config.Settings;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real node runs ingest and tactical; each test deploys its own inference verticle with a model scorer and a model
 * source, then posts readings over HTTP and reads the contacts back: every reading is acknowledged and in the
 * picture, and the assessment says whether and why the rules answered.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("When the models cannot answer, the rules do, and the assessment says degraded with the reason")
class DegradationTest {

  private static final int FEATURES = 4;
  private static TestNodes.Running node;
  private SimpleMeterRegistry meters;
  private String deployment;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.VERTICLES, List.of("ingest", "tactical"), Settings.INFERENCE_SCORER, "models"));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  @AfterEach
  void undeploy() throws Exception {
    if (deployment != null) {
      node.node().vertx().undeploy(deployment).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      deployment = null;
    }
  }

  /**
   * A stand-in for the neural scorer: it runs one sonar row per reading through the serving machinery, then makes
   * each contact's assessment "by" the version that answered (confidence: its top probability; uncertainty: the
   * normalised entropy), keeping the rules' level and evidence.
   */
  private static Scorer sonarModelScorer(ModelServing serving) {
    ContactFusion fusion = new ContactFusion(new RuleBasedScorer());
    return batch -> {
      int n = batch.readings().size();
      float[] rows = new float[n * FEATURES];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = (batch.readings().get(i / FEATURES).id().hashCode() >> (i % FEATURES)) % 7 / 7f;
      }
      return serving.inferWithModel(ModelRoles.SONAR, rows, n).map(inferred -> {
        float[] p = java.util.Arrays.copyOf(inferred.outputs(), 3);
        double top = Math.max(p[0], Math.max(p[1], p[2]));
        double entropy = 0;
        for (float pi : p) {
          entropy -= pi > 0 ? pi * Math.log(pi) : 0;
        }
        double uncertainty = Math.min(1, entropy / Math.log(3));
        List<ContactUpdate> updates = new ArrayList<>();
        for (ContactUpdate u : fusion.updates(batch, System.currentTimeMillis())) {
          ThreatAssessment a = u.assessment();
          updates.add(new ContactUpdate(new ThreatAssessment(a.contactId(), a.threatLevel(), top, uncertainty,
            a.recommendedAction(), a.timeToThreatMs(), a.evidence(), List.of(inferred.modelId()), false, null,
            a.assessedAt()), u.sensorIds(), u.sensorKinds(), u.lastReadingId(), u.firstReadingAt(),
            u.lastReadingAt(), u.receivedAt(), u.readingKeys()));
        }
        return updates;
      });
    };
  }

  private static ModelSource models(byte[]... files) {
    return () -> Future.succeededFuture(List.of(files));
  }

  private Future<String> deployInference(ModelScorerFactory scorers, ModelSource source,
                                         Map<Setting<?>, Object> overrides) {
    meters = new SimpleMeterRegistry();
    JsonObject config = node.node().config().with(overrides).asJson();
    return node.node().vertx().deployVerticle(new InferenceVerticle(meters, scorers, source),
      new DeploymentOptions().setConfig(config)).onSuccess(id -> deployment = id);
  }

  private static Future<HttpResponse<Buffer>> post(Vertx vertx, JsonArray readings) {
    return WebClient.create(vertx).post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data").sendJson(readings);
  }

  private static Future<JsonObject> contact(Vertx vertx, String sensorId) {
    return WebClient.create(vertx).get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-" + sensorId).send()
      .map(HttpResponse::bodyAsJsonObject);
  }

  private double degraded(String reason) {
    return meters.counter("kraken.inference.degraded", "reason", reason).count();
  }

  /** Posts one reading from {@code sensorId}, expects 202 and returns its contact from the picture. */
  private static Future<JsonObject> postAndRead(Vertx vertx, VertxTestContext testContext, String sensorId) {
    return post(vertx, new JsonArray().add(Readings.comms(sensorId + "-r1", sensorId, "Military")))
      .compose(ack -> {
        testContext.verify(() -> assertThat(ack.statusCode()).as(ack.bodyAsString()).isEqualTo(202));
        return contact(vertx, sensorId);
      });
  }

  private static void assertRulesAnswered(JsonObject contact, String reason) {
    assertThat(contact.getInteger("readingCount")).as("nothing dropped").isEqualTo(1);
    assertThat(contact.getBoolean("degraded")).isTrue();
    assertThat(contact.getString("degradedReason")).isEqualTo(reason);
    assertThat(contact.getJsonArray("models")).containsExactly("rules-1");
    assertThat(contact.getValue("uncertainty")).isNull();
    assertThat(contact.getString("threatLevel")).as("the rules' level for military encryption").isEqualTo("Suspicious");
  }

  @Test
  @DisplayName("no model loaded: the rules answer, no_model, counted")
  void noModel(Vertx vertx, VertxTestContext testContext) {
    deployInference((serving, config) -> sonarModelScorer(serving), models(), Map.of())
      .compose(id -> postAndRead(vertx, testContext, "deg-nomodel"))
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        assertRulesAnswered(contact, "no_model");
        assertThat(degraded("no_model")).isEqualTo(1.0);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("with the model loaded the model answers, not degraded, naming its version and uncertainty")
  void modelAnswers(Vertx vertx, VertxTestContext testContext) {
    byte[] sonar = TestModels.random("sonar", "s-7", FEATURES, 3, 1, 3).onnx();
    deployInference((serving, config) -> sonarModelScorer(serving), models(sonar), Map.of())
      .compose(id -> postAndRead(vertx, testContext, "deg-healthy"))
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        assertThat(contact.getBoolean("degraded")).isFalse();
        assertThat(contact.getValue("degradedReason")).isNull();
        assertThat(contact.getJsonArray("models")).containsExactly("sonar-s-7");
        assertThat(contact.getDouble("uncertainty")).isBetween(0.0, 1.0);
        assertThat(meters.find("kraken.inference.degraded").counters()).allMatch(c -> c.count() == 0);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a failing model: the rules answer, model_failed, until the breaker opens: then circuit_open")
  void failingModelOpensTheBreaker(Vertx vertx, VertxTestContext testContext) {
    ModelScorerFactory failing = (serving, config) -> batch -> Future.failedFuture(new IllegalStateException("exploded"));
    deployInference(failing, models(), Map.of(Settings.INFERENCE_BREAKER_MAX_FAILURES, 2,
        Settings.INFERENCE_BREAKER_RESET_MS, 600_000))
      .compose(id -> postAndRead(vertx, testContext, "deg-fail-1"))
      .compose(first -> {
        testContext.verify(() -> assertRulesAnswered(first, "model_failed"));
        return postAndRead(vertx, testContext, "deg-fail-2");
      })
      .compose(second -> {
        testContext.verify(() -> assertRulesAnswered(second, "model_failed"));
        return postAndRead(vertx, testContext, "deg-fail-3");
      })
      .onComplete(testContext.succeeding(third -> testContext.verify(() -> {
        assertRulesAnswered(third, "circuit_open");
        assertThat(degraded("model_failed")).isEqualTo(2.0);
        assertThat(degraded("circuit_open")).isEqualTo(1.0);
        assertThat(meters.get("kraken.inference.breaker.open").gauge().value()).isEqualTo(1.0);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a model slower than the breaker's timeout: the rules answer, timeout")
  void slowModelTimesOut(Vertx vertx, VertxTestContext testContext) {
    ModelScorerFactory hanging = (serving, config) -> batch -> Promise.<List<ContactUpdate>>promise().future();
    deployInference(hanging, models(), Map.of(Settings.INFERENCE_BREAKER_TIMEOUT_MS, 100))
      .compose(id -> postAndRead(vertx, testContext, "deg-slow"))
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        assertRulesAnswered(contact, "timeout");
        assertThat(degraded("timeout")).isEqualTo(1.0);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a tiny pool flooded: what does not fit is answered by the rules as saturated, the rest by the model, "
    + "every reading acknowledged and in the picture")
  void floodedPoolSaturates(Vertx vertx, VertxTestContext testContext) {
    byte[] sonar = TestModels.random("sonar", "s-1", FEATURES, 3, 1, 4).onnx();
    int requests = 10;
    int perRequest = 6;
    deployInference((serving, config) -> sonarModelScorer(serving), models(sonar), Map.of(
        Settings.INFERENCE_WORKERS, 1, Settings.INFERENCE_QUEUE_MAX_ROWS, 8,
        Settings.INFERENCE_BATCH_MAX_WAIT_MICROS, 50_000))
      .compose(id -> Future.all(IntStream.range(0, requests).mapToObj(r -> post(vertx, new JsonArray(
        IntStream.range(0, perRequest).mapToObj(i -> (Object) Readings.comms("flood-" + r + "-" + i, "deg-flood-" + r,
          "Military")).toList()))).toList()))
      .compose(acks -> {
        testContext.verify(() -> acks.<HttpResponse<Buffer>>list().forEach(ack ->
          assertThat(ack.statusCode()).as(ack.bodyAsString()).isEqualTo(202)));
        return Future.all(IntStream.range(0, requests).mapToObj(r -> contact(vertx, "deg-flood-" + r)).toList());
      })
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        List<JsonObject> contacts = all.list();
        long saturated = contacts.stream().filter(c -> "saturated".equals(c.getString("degradedReason"))).count();
        long byModel = contacts.stream().filter(c -> !c.getBoolean("degraded")).count();
        for (JsonObject c : contacts) {
          assertThat(c.getInteger("readingCount")).as("nothing dropped").isEqualTo(perRequest);
          if (c.getBoolean("degraded")) {
            assertThat(c.getString("degradedReason")).isEqualTo("saturated");
            assertThat(c.getJsonArray("models")).containsExactly("rules-1");
          } else {
            assertThat(c.getJsonArray("models")).containsExactly("sonar-s-1");
          }
        }
        assertThat(saturated).as("some batches found the queue full").isPositive();
        assertThat(byModel).as("the first batch fits the queue and the model answers it").isPositive();
        assertThat(saturated + byModel).isEqualTo(requests);
        assertThat(degraded("saturated")).as("counted per assessment").isEqualTo((double) saturated);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("inference.scorer=rules: the rules answer, not degraded, even with a model scorer built in")
  void rulesByChoice(Vertx vertx, VertxTestContext testContext) {
    deployInference((serving, config) -> sonarModelScorer(serving), models(), Map.of(Settings.INFERENCE_SCORER, "rules"))
      .compose(id -> postAndRead(vertx, testContext, "deg-rules"))
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        assertThat(contact.getBoolean("degraded")).isFalse();
        assertThat(contact.getJsonArray("models")).containsExactly("rules-1");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a breaker timeout that leaves tactical too little of ingest's pipeline timeout stops the deployment, "
    + "naming both keys")
  void breakerTimeoutMustFitThePipeline(Vertx vertx, VertxTestContext testContext) {
    deployInference((serving, config) -> sonarModelScorer(serving), models(), Map.of(
      Settings.INGEST_PIPELINE_TIMEOUT_MS, 5000, Settings.INFERENCE_BREAKER_TIMEOUT_MS, 3500))
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(failure).hasMessageContaining("inference.breaker.timeoutMs 3500")
          .hasMessageContaining("ingest.pipelineTimeoutMs 5000").hasMessageContaining("at most 3000 ms");
        testContext.completeNow();
      })));
  }
}
