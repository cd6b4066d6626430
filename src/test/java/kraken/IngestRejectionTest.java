package kraken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.config.Settings;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Ingest refuses bad input with a reason that names what was wrong and what is allowed")
class IngestRejectionTest {

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.INGEST_MAX_BODY_BYTES, 4096, Settings.INGEST_MAX_BATCH, 10));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  private static Future<HttpResponse<Buffer>> post(Vertx vertx, String body) {
    return WebClient.create(vertx).post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body));
  }

  /** Posts, checks the status and the first problem, and checks the contact did not reach the picture. */
  private static void expectRefused(Vertx vertx, VertxTestContext testContext, String body, int status,
                                    String reason, String field, Consumer<String> onMessage) {
    post(vertx, body).compose(response -> {
      testContext.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonObject answer = response.bodyAsJsonObject();
        assertThat(answer.getInteger("accepted")).isZero();
        JsonObject problem = answer.getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("reason")).isEqualTo(reason);
        assertThat(problem.getString("field")).isEqualTo(field);
        onMessage.accept(problem.getString("message"));
        assertThat(answer.getString("error")).endsWith(problem.getString("message"));
        if (field != null) {
          assertThat(answer.getString("error")).startsWith("reading 0, " + field + ": ");
        }
      });
      return WebClient.create(vertx).get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-reject-sensor").send();
    }).onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
      assertThat(contact.statusCode()).as("nothing from a refused request reaches the picture").isEqualTo(404);
      testContext.completeNow();
    })));
  }

  private static JsonObject valid(String id) {
    return Readings.activeSonar(id, "reject-sensor", 0.5, 4000);
  }

  @Test
  @DisplayName("malformed JSON is a 400 malformed_json")
  void malformedJson(Vertx vertx, VertxTestContext testContext) {
    expectRefused(vertx, testContext, "{\"id\": \"r-1\", ", 400, "malformed_json", null,
      message -> assertThat(message).startsWith("the body is not valid JSON"));
  }

  @Test
  @DisplayName("an unknown sensor type is refused and the allowed types are listed")
  void unknownSensorType(Vertx vertx, VertxTestContext testContext) {
    JsonObject reading = valid("r-2");
    reading.getJsonObject("sensorType").put("type", "Radar");
    expectRefused(vertx, testContext, reading.encode(), 400, "unknown_sensor_type", "sensorType.type",
      message -> assertThat(message).contains("\"Radar\"").contains("SonarPassive, SonarActive, SatelliteOptical, "
        + "SatelliteSignals, CommsIntercept"));
  }

  @Test
  @DisplayName("a missing required field is named with what it should hold")
  void missingField(Vertx vertx, VertxTestContext testContext) {
    JsonObject reading = valid("r-3");
    reading.remove("sensorId");
    expectRefused(vertx, testContext, reading.encode(), 400, "missing_field", "sensorId",
      message -> assertThat(message).contains("missing required field 'sensorId'").contains("1 to 128 characters"));
  }

  @Test
  @DisplayName("a value out of range names the value and the range")
  void outOfRange(Vertx vertx, VertxTestContext testContext) {
    JsonObject reading = Readings.passiveSonar("r-4", "reject-sensor", 0.0001, 400);
    expectRefused(vertx, testContext, reading.encode(), 400, "invalid_value", "sensorType.bearing",
      message -> assertThat(message).contains("400.0 is out of range").contains("below 360"));
  }

  @Test
  @DisplayName("a number sent as a string is refused, not coerced")
  void wrongType(Vertx vertx, VertxTestContext testContext) {
    JsonObject reading = valid("r-5");
    reading.getJsonObject("sensorType").put("pingStrength", "0.5");
    expectRefused(vertx, testContext, reading.encode(), 400, "invalid_value", "sensorType.pingStrength",
      message -> assertThat(message).contains("is not a number").contains("from 0 to 1"));
  }

  @Test
  @DisplayName("an unknown field is refused and the allowed fields are listed")
  void unknownField(Vertx vertx, VertxTestContext testContext) {
    JsonObject reading = valid("r-6").put("depth", 120);
    expectRefused(vertx, testContext, reading.encode(), 400, "unknown_field", "depth",
      message -> assertThat(message).contains("unknown field 'depth'").contains("allowed: classification, id"));
  }

  @Test
  @DisplayName("a body larger than ingest.maxBodyBytes is a 413 that states the limit")
  void oversizedBody(Vertx vertx, VertxTestContext testContext) {
    JsonObject reading = valid("r-7").put("payload", "A".repeat(8000));
    expectRefused(vertx, testContext, reading.encode(), 413, "body_too_large", null,
      message -> assertThat(message).contains("4096 bytes allowed (ingest.maxBodyBytes)"));
  }

  @Test
  @DisplayName("more readings than ingest.maxBatchReadings is a 413 that states the limit")
  void tooManyReadings(Vertx vertx, VertxTestContext testContext) {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 11; i++) {
      batch.add(new JsonObject().put("id", "m-" + i));
    }
    expectRefused(vertx, testContext, batch.encode(), 413, "too_many_readings", null,
      message -> assertThat(message).contains("11 readings").contains("at most 10"));
  }

  @Test
  @DisplayName("one bad reading refuses the whole batch, and every problem is listed with its reading index")
  void batchIsAllOrNothing(Vertx vertx, VertxTestContext testContext) {
    JsonObject bad = valid("b-2");
    bad.getJsonObject("sensorType").put("returnTimeMs", -5);
    JsonArray batch = new JsonArray().add(valid("b-1")).add(bad).add(valid("b-1"));
    post(vertx, batch.encode()).onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(400);
      JsonObject answer = response.bodyAsJsonObject();
      assertThat(answer.getInteger("rejected")).isEqualTo(3);
      JsonArray problems = answer.getJsonArray("problems");
      assertThat(problems).hasSize(2);
      assertThat(problems.getJsonObject(0).getInteger("reading")).isEqualTo(1);
      assertThat(problems.getJsonObject(0).getString("field")).isEqualTo("sensorType.returnTimeMs");
      assertThat(problems.getJsonObject(1).getInteger("reading")).isEqualTo(2);
      assertThat(problems.getJsonObject(1).getString("reason")).isEqualTo("duplicate_id");
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("a body that is not JSON, an empty array and a form content type are refused with reasons")
  void shapeOfRequest(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    post(vertx, "[]").compose(empty -> {
      testContext.verify(() -> {
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.bodyAsJsonObject().getString("error")).contains("no readings");
      });
      return post(vertx, "42");
    }).compose(scalar -> {
      testContext.verify(() -> {
        assertThat(scalar.statusCode()).isEqualTo(400);
        assertThat(scalar.bodyAsJsonObject().getString("error")).contains("not a JSON object or array");
      });
      return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("a=b"));
    }).compose(form -> {
      testContext.verify(() -> {
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.bodyAsJsonObject().getString("error"))
          .isEqualTo("Content-Type must be application/json, got application/x-www-form-urlencoded");
      });
      return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
        .sendBuffer(Buffer.buffer(Readings.comms("no-type-1", "radio-no-type", "None").encode()));
    }).onComplete(testContext.succeeding(untyped -> testContext.verify(() -> {
      assertThat(untyped.statusCode()).isEqualTo(415);
      JsonObject problem = untyped.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
      assertThat(problem.getString("reason")).isEqualTo("unsupported_media_type");
      assertThat(problem.getString("message")).isEqualTo("Content-Type must be application/json, but the request has none");
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("a chunked body over the limit (no Content-Length to check first) is also a 413 with the limit")
  void oversizedChunkedBody(Vertx vertx, VertxTestContext testContext) {
    io.vertx.core.http.HttpClient http = vertx.createHttpClient();
    http.request(io.vertx.core.http.HttpMethod.POST, node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .compose(request -> {
        request.setChunked(true).putHeader("Content-Type", "application/json");
        request.write("[");
        for (int i = 0; i < 10; i++) {
          request.write(valid("c-" + i).put("payload", "A".repeat(600)).encode() + ",");
        }
        return request.send("{}]");
      })
      .compose(response -> response.body().map(body -> new Object[]{response.statusCode(), body.toJsonObject()}))
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result[0]).isEqualTo(413);
        JsonObject answer = (JsonObject) result[1];
        assertThat(answer.getJsonArray("problems").getJsonObject(0).getString("reason")).isEqualTo("body_too_large");
        assertThat(answer.getString("error")).contains("4096 bytes allowed");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a key given twice in one reading is malformed JSON, not silently last-one-wins")
  void duplicateKey(Vertx vertx, VertxTestContext testContext) {
    String body = valid("dup-1").encode().replaceFirst("\\{", "{\"id\":\"dup-0\",");
    expectRefused(vertx, testContext, body, 400, "malformed_json", null,
      message -> assertThat(message).contains("Duplicate field 'id'"));
  }

  @Test
  @DisplayName("a timestamp beyond the range of a long, or before 2000, is out of range rather than wrapped")
  void hugeTimestamp(Vertx vertx, VertxTestContext testContext) {
    String body = valid("ts-1").put("timestamp", 0).encode().replace("\"timestamp\":0", "\"timestamp\":18446745773709551616");
    expectRefused(vertx, testContext, body, 400, "invalid_value", "timestamp",
      message -> assertThat(message).contains("18446745773709551616"));
  }

  @Test
  @DisplayName("a request with thousands of problems lists the first 50 and says how many more there were")
  void problemsAreCapped(Vertx vertx, VertxTestContext testContext) {
    JsonObject reading = valid("many-1");
    for (int i = 0; i < 200; i++) {
      reading.put("x" + i, i);
    }
    post(vertx, reading.encode()).onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(400);
      JsonObject answer = response.bodyAsJsonObject();
      assertThat(answer.getJsonArray("problems")).hasSize(50);
      assertThat(answer.getInteger("problemsNotListed")).isEqualTo(150);
      testContext.completeNow();
    })));
  }
}
