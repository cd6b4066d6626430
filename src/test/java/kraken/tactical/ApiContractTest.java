package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.openapi.contract.OpenAPIContract;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The tactical REST API is built from its OpenAPI contract and refuses what the contract refuses")
class ApiContractTest {

  private static TestNodes.Running node;
  private static Vertx vertx;
  private static WebClient client;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of());
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    JsonArray batch = new JsonArray()
      .add(Readings.activeSonar("api-1", "api-bow", 0.8, 1200))
      .add(Readings.passiveSonar("api-2", "api-towed", 0.00006, 210))
      .add(Readings.comms("api-3", "api-radio", "Commercial"))
      // two positions 30 km apart: one inside the bounding box the bbox test asks for, one outside
      .add(satellite("api-4", "api-sat-in", 59.55, 10.65))
      .add(satellite("api-5", "api-sat-out", 59.30, 10.20));
    HttpResponse<Buffer> ack = await(client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .putHeader("Content-Type", "application/json").sendBuffer(batch.toBuffer()));
    assertThat(ack.statusCode()).isEqualTo(202);
  }

  private static JsonObject satellite(String id, String sensorId, double lat, double lon) {
    return Readings.comms(id, sensorId, "None").put("sensorType", new JsonObject().put("type", "SatelliteOptical")
      .put("lat", lat).put("lon", lon).put("zoomLevel", 16));
  }

  @AfterAll
  static void stopNode() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    node.stop();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static HttpRequest<Buffer> get(String uri) {
    return client.get(node.tacticalPort(), "127.0.0.1", uri);
  }

  private static HttpResponse<Buffer> post(String uri, String contentType, String body) throws Exception {
    return await(client.post(node.tacticalPort(), "127.0.0.1", uri).putHeader("Content-Type", contentType)
      .sendBuffer(Buffer.buffer(body)));
  }

  /** Every refusal has one shape: status, reason, error, details. */
  private static JsonObject error(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.fieldNames()).contains("status", "reason", "error", "details");
    assertThat(body.getInteger("status")).isEqualTo(status);
    return body;
  }

  private static List<String> ids(JsonArray contacts) {
    return contacts.stream().map(c -> ((JsonObject) c).getString("contactId")).toList();
  }

  private static JsonObject listOnceAll(String query) throws Exception {
    // the three readings fold asynchronously after the ack
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      HttpResponse<Buffer> all = await(get("/api/v1/contacts?limit=1000").send());
      if (ids(all.bodyAsJsonObject().getJsonArray("contacts")).containsAll(List.of("C-api-bow", "C-api-towed",
        "C-api-radio", "C-api-sat-in", "C-api-sat-out"))) {
        return await(get("/api/v1/contacts" + query).send()).bodyAsJsonObject();
      }
      assertThat(System.currentTimeMillis()).as("the seeded contacts within 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  @DisplayName("the contract is served at /openapi.yaml and parses as an OpenAPI document with every operation")
  void contractIsServed() throws Exception {
    HttpResponse<Buffer> response = await(get("/openapi.yaml").send());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/yaml");
    OpenAPIContract contract = await(OpenAPIContract.from(vertx,
      new io.vertx.core.json.JsonObject(new org.yaml.snakeyaml.Yaml().<Map<String, Object>>load(response.bodyAsString()))));
    for (String op : List.of("listContacts", "getContact", "classifyContact", "activeThreats", "combatAction",
      "sensorHealth", "pictureMetrics", "systemAlerts", "tacticalPicture", "deployModel")) {
      assertThat(contract.operation(op)).as(op).isNotNull();
    }
  }

  @Test
  @DisplayName("contacts are filtered by threat level, sensor kind and time window, and paged with offset and limit")
  void listFiltersAndPages() throws Exception {
    JsonObject threats = listOnceAll("?threatLevel=ImmediateThreat&threatLevel=Hostile&limit=1000");
    assertThat(ids(threats.getJsonArray("contacts"))).contains("C-api-bow").doesNotContain("C-api-towed", "C-api-radio");
    threats.getJsonArray("contacts").forEach(c ->
      assertThat(((JsonObject) c).getString("threatLevel")).isIn("Hostile", "ImmediateThreat"));

    JsonObject passive = await(get("/api/v1/contacts?sensorKind=SonarPassive&limit=1000").send()).bodyAsJsonObject();
    assertThat(ids(passive.getJsonArray("contacts"))).containsExactly("C-api-towed");
    assertThat(passive.getJsonArray("contacts").getJsonObject(0).getString("threatLevel")).isEqualTo("Suspicious");

    JsonObject future = await(get("/api/v1/contacts?since=" + (System.currentTimeMillis() + 3_600_000)).send())
      .bodyAsJsonObject();
    assertThat(future.getInteger("total")).isZero();
    assertThat(future.getJsonArray("contacts")).isEmpty();
    JsonObject window = await(get("/api/v1/contacts?since=0&until=" + (System.currentTimeMillis() + 3_600_000)
      + "&limit=1000").send()).bodyAsJsonObject();
    assertThat(ids(window.getJsonArray("contacts"))).contains("C-api-bow", "C-api-towed", "C-api-radio");

    JsonObject first = await(get("/api/v1/contacts?limit=2").send()).bodyAsJsonObject();
    JsonObject second = await(get("/api/v1/contacts?limit=2&offset=2").send()).bodyAsJsonObject();
    assertThat(first.getInteger("count")).isEqualTo(2);
    assertThat(first.getInteger("limit")).isEqualTo(2);
    assertThat(first.getInteger("total")).isGreaterThanOrEqualTo(3);
    assertThat(second.getInteger("offset")).isEqualTo(2);
    assertThat(ids(second.getJsonArray("contacts"))).doesNotContainAnyElementsOf(ids(first.getJsonArray("contacts")));
    // most dangerous first
    assertThat(first.getJsonArray("contacts").getJsonObject(0).getString("threatLevel")).isEqualTo("ImmediateThreat");
  }

  @Test
  @DisplayName("bbox=minLon,minLat,maxLon,maxLat keeps the contacts whose track position is inside, and none without one")
  void boundingBox() throws Exception {
    JsonObject inside = listOnceAll("?bbox=10.5,59.5,10.8,59.6&limit=1000");
    assertThat(ids(inside.getJsonArray("contacts"))).containsExactly("C-api-sat-in");
    assertThat(inside.getInteger("total")).isEqualTo(1);
    JsonObject position = inside.getJsonArray("contacts").getJsonObject(0).getJsonObject("position");
    assertThat(position.getDouble("lat")).isBetween(59.5, 59.6);
    assertThat(position.getDouble("lon")).isBetween(10.5, 10.8);
    JsonObject both = await(get("/api/v1/contacts?bbox=10.0,59.0,11.0,60.0&limit=1000").send()).bodyAsJsonObject();
    assertThat(ids(both.getJsonArray("contacts"))).contains("C-api-sat-in", "C-api-sat-out")
      .as("contacts without a position (comms, bearing-only sonar) are excluded")
      .doesNotContain("C-api-radio", "C-api-towed");
  }

  @Test
  @DisplayName("a malformed bounding box is 400 naming bbox and what is allowed")
  void boundingBoxRefusals() throws Exception {
    for (String bad : List.of("1,2,3", "a,59,11,60", "10,59,200,60", "10,-95,11,60", "11,59,10,60", "10,60,11,59",
      "10,59,11,NaN")) {
      JsonObject body = error(await(get("/api/v1/contacts").addQueryParam("bbox", bad).send()), 400);
      assertThat(body.getString("reason")).as(bad).isEqualTo("invalid_request");
      assertThat(body.getString("error")).as(bad).contains("parameter bbox").contains("minLon,minLat,maxLon,maxLat");
      assertThat(body.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("bbox");
    }
    JsonObject across = error(await(get("/api/v1/contacts?bbox=170,0,-170,10").send()), 400);
    assertThat(across.getString("error")).contains("antimeridian");
  }

  @Test
  @DisplayName("active threats are the Hostile and ImmediateThreat contacts, from the threat-level index")
  void activeThreats() throws Exception {
    listOnceAll("");
    JsonObject threats = await(get("/api/v1/threats/active").send()).bodyAsJsonObject();
    assertThat(ids(threats.getJsonArray("threats"))).contains("C-api-bow").doesNotContain("C-api-towed");
    assertThat(threats.getInteger("count")).isEqualTo(threats.getJsonArray("threats").size());
  }

  @Test
  @DisplayName("a contact carries an ETag; asking again with If-None-Match gets 304 and no body")
  void contactEtag() throws Exception {
    listOnceAll("");
    HttpResponse<Buffer> first = await(get("/api/v1/contacts/C-api-towed").send());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().getString("contactId")).isEqualTo("C-api-towed");
    String etag = first.getHeader("ETag");
    assertThat(etag).startsWith("\"").endsWith("\"");
    HttpResponse<Buffer> again = await(get("/api/v1/contacts/C-api-towed").putHeader("If-None-Match", etag).send());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body() == null || again.body().length() == 0).isTrue();
    HttpResponse<Buffer> stale = await(get("/api/v1/contacts/C-api-towed").putHeader("If-None-Match", "\"x\"").send());
    assertThat(stale.statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("an unknown contact is 404 in the error shape, naming the id")
  void unknownContact() throws Exception {
    JsonObject body = error(await(get("/api/v1/contacts/C-nobody-here").send()), 404);
    assertThat(body.getString("reason")).isEqualTo("not_found");
    assertThat(body.getString("error")).contains("C-nobody-here");
  }

  @Test
  @DisplayName("an unknown threat level or a non-numeric or too large limit in the query is 400 naming the parameter")
  void queryRefusals() throws Exception {
    JsonObject level = error(await(get("/api/v1/contacts?threatLevel=Angry").send()), 400);
    assertThat(level.getString("reason")).isEqualTo("invalid_request");
    assertThat(level.getString("error")).contains("query parameter threatLevel");
    assertThat(level.getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")))
      .allMatch(field -> field.startsWith("threatLevel"));
    JsonObject limit = error(await(get("/api/v1/contacts?limit=lots").send()), 400);
    assertThat(limit.encode()).contains("limit");
    JsonObject tooMany = error(await(get("/api/v1/contacts?limit=5000").send()), 400);
    assertThat(tooMany.encode()).contains("limit");
  }

  @Test
  @DisplayName("a command body missing a field, with a wrong type or an unknown field is 400 naming the field")
  void bodyRefusals() throws Exception {
    JsonObject missing = error(post("/api/v1/contacts/C-api-bow/classify", "application/json",
      "{\"operator\":\"lt-kim\",\"vesselClass\":\"frigate\"}"), 400);
    assertThat(missing.getString("reason")).isEqualTo("invalid_request");
    assertThat(missing.getString("error")).contains("required property \"reason\"");
    JsonObject wrongType = error(post("/api/v1/combat/action", "application/json",
      "{\"operator\":\"lt-kim\",\"contactId\":\"C-api-bow\",\"action\":42,\"reason\":\"closing\"}"), 400);
    assertThat(wrongType.getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")))
      .contains("action");
    JsonObject unknownAction = error(post("/api/v1/combat/action", "application/json",
      "{\"operator\":\"lt-kim\",\"contactId\":\"C-api-bow\",\"action\":\"Nuke\",\"reason\":\"closing\"}"), 400);
    assertThat(unknownAction.getJsonArray("details").encode()).contains("action");
    JsonObject extra = error(post("/api/v1/contacts/C-api-bow/classify", "application/json",
      "{\"operator\":\"a\",\"vesselClass\":\"b\",\"reason\":\"c\",\"colour\":\"red\"}"), 400);
    assertThat(extra.encode()).contains("colour");
    error(post("/api/v1/combat/action", "application/json", "{not json"), 400);
  }

  @Test
  @DisplayName("a command body that is not application/json is 415 in the error shape")
  void wrongContentType() throws Exception {
    JsonObject body = error(post("/api/v1/combat/action", "text/plain", "engage C-api-bow"), 415);
    assertThat(body.getString("reason")).isEqualTo("unsupported_media_type");
  }

  @Test
  @DisplayName("operations not implemented yet answer 501 in the error shape, after validating the request")
  void notImplementedIsSaidSo() throws Exception {
    JsonObject deploy = error(post("/api/v1/models/deploy", "application/json",
      "{\"model\":\"sonar\",\"version\":\"3\"}"), 501);
    assertThat(deploy.getString("reason")).isEqualTo("not_implemented");
    assertThat(deploy.getString("error")).contains("model lifecycle");
  }

  @Test
  @DisplayName("an unknown path is 404 and a wrong method 405, both in the error shape")
  void unknownRoutes() throws Exception {
    error(await(get("/api/v1/nothing-here").send()), 404);
    error(await(client.delete(node.tacticalPort(), "127.0.0.1", "/api/v1/threats/active").send()), 405);
  }
}
