package kraken.tactical.api;

import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.RecommendedAction;
import kraken.bus.SensorKind;
import kraken.bus.ThreatLevel;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.JsonSocket;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("GraphQL at /graphql answers the REST API's queries with its limits, and streams picture changes")
class GraphqlTest {

  private static final String CHANGES = "subscription { pictureChanges { contacts { contactId threatLevel "
    + "readingCount lastReadingId lastSeenAt } removed } }";
  private static final Pattern DROPPED =
    Pattern.compile("(?m)^kraken_graphql_subscribers_dropped_total\\{[^}]*} ([0-9.]+)$");
  private static final Path SOURCES = Path.of("verticles", "kraken", "tactical", "api");
  /** Every field of the schema's Contact (nested objects field by field), so that a field added there is tested. */
  private static final String CONTACT_FIELDS = selection(schema(), "Contact");

  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.TACTICAL_GRAPHQL_SLOW_CLIENT_MS, 300));
    Vertx vertx = Vertx.vertx();
    try {
      JsonArray batch = new JsonArray()
        .add(Readings.activeSonar("gq-1", "gq-bow", 0.8, 1200))
        .add(Readings.passiveSonar("gq-2", "gq-towed", 0.00006, 210))
        .add(Readings.comms("gq-3", "gq-radio", "Commercial"))
        // positions 30 km apart, one inside the box boundingBox asks for
        .add(satellite("gq-4", "gq-sat-in", 59.55, 10.65))
        .add(satellite("gq-5", "gq-sat-out", 59.30, 10.20));
      post(vertx, batch).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static JsonObject satellite(String id, String sensorId, double lat, double lon) {
    return Readings.comms(id, sensorId, "None").put("sensorType", new JsonObject().put("type", "SatelliteOptical")
      .put("lat", lat).put("lon", lon).put("zoomLevel", 16));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  /** Through the real ingest: 202 once the contacts are in the picture. */
  private static Future<Void> post(Vertx vertx, Object readings) {
    WebClient client = WebClient.create(vertx);
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .putHeader("Content-Type", "application/json")
      .sendBuffer(readings instanceof JsonArray a ? a.toBuffer() : ((JsonObject) readings).toBuffer())
      .<Void>compose(ack -> ack.statusCode() == 202 ? Future.succeededFuture()
        : Future.failedFuture("ingest answered " + ack.statusCode() + ": " + ack.bodyAsString()))
      .onComplete(done -> client.close());
  }

  private static Future<HttpResponse<Buffer>> postRaw(Vertx vertx, String contentType, Buffer body) {
    WebClient client = WebClient.create(vertx);
    return client.post(node.tacticalPort(), "127.0.0.1", GraphqlApi.PATH).putHeader("Content-Type", contentType)
      .sendBuffer(body).onComplete(done -> client.close());
  }

  /** The whole GraphQL response ({@code data}, {@code errors}) of one query. */
  private static Future<JsonObject> graphql(Vertx vertx, String query) {
    return postRaw(vertx, "application/json", new JsonObject().put("query", query).toBuffer())
      .compose(response -> response.statusCode() == 200 ? Future.succeededFuture(response.bodyAsJsonObject())
        : Future.failedFuture("/graphql answered " + response.statusCode() + ": " + response.bodyAsString()));
  }

  private static Future<JsonObject> rest(Vertx vertx, String uri) {
    WebClient client = WebClient.create(vertx);
    return client.get(node.tacticalPort(), "127.0.0.1", uri).send().map(HttpResponse::bodyAsJsonObject)
      .onComplete(done -> client.close());
  }

  private static List<String> ids(JsonArray contacts) {
    return contacts.stream().map(c -> ((JsonObject) c).getString("contactId")).toList();
  }

  private static JsonArray page(JsonObject response) {
    return response.getJsonObject("data").getJsonObject("contacts").getJsonArray("contacts");
  }

  private static JsonObject firstError(JsonObject response) {
    assertThat(response.getJsonArray("errors")).as(response.encode()).isNotEmpty();
    return response.getJsonArray("errors").getJsonObject(0);
  }

  /** The three seeded contacts are in the picture (ingest acks before the fold has necessarily run on every node). */
  private static Future<JsonObject> seeded(Vertx vertx) {
    return Attempts.until(vertx, () -> graphql(vertx, "{ contacts(limit: 1000) { contacts { contactId } } }"),
      response -> ids(page(response)).containsAll(List.of("C-gq-bow", "C-gq-towed", "C-gq-radio", "C-gq-sat-in",
        "C-gq-sat-out")),
      System.currentTimeMillis() + 10_000);
  }

  @Test
  @DisplayName("contacts are filtered by threat level, sensor kind and time window, and paged, as over REST")
  void queriesFilterAndPage(Vertx vertx, VertxTestContext testContext) {
    long future = System.currentTimeMillis() + 3_600_000;
    seeded(vertx)
      .compose(all -> Future.all(List.of(
        graphql(vertx, "{ contacts(threatLevel: [Hostile, ImmediateThreat], limit: 1000) { total contacts { "
          + "contactId threatLevel } } }"),
        graphql(vertx, "{ contacts(sensorKind: SonarPassive, limit: 1000) { contacts { contactId threatLevel "
          + "sensorKinds } } }"),
        graphql(vertx, "{ contacts(since: " + future + ") { count total contacts { contactId } } }"),
        graphql(vertx, "{ contacts(since: 0, until: " + future + ", limit: 1000) { contacts { contactId } } }"),
        graphql(vertx, "{ contacts(limit: 2) { count total offset limit contacts { contactId threatLevel } } }"),
        graphql(vertx, "{ contacts(limit: 2, offset: 2) { offset contacts { contactId } } }"))))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        JsonObject threats = all.<JsonObject>resultAt(0).getJsonObject("data").getJsonObject("contacts");
        assertThat(ids(threats.getJsonArray("contacts"))).contains("C-gq-bow").doesNotContain("C-gq-towed",
          "C-gq-radio");
        threats.getJsonArray("contacts").forEach(c ->
          assertThat(((JsonObject) c).getString("threatLevel")).isIn("Hostile", "ImmediateThreat"));

        JsonArray passive = page(all.resultAt(1));
        assertThat(ids(passive)).containsExactly("C-gq-towed");
        assertThat(passive.getJsonObject(0).getString("threatLevel")).isEqualTo("Suspicious");
        assertThat(passive.getJsonObject(0).getJsonArray("sensorKinds")).containsExactly("SonarPassive");

        JsonObject none = all.<JsonObject>resultAt(2).getJsonObject("data").getJsonObject("contacts");
        assertThat(none.getInteger("total")).isZero();
        assertThat(none.getJsonArray("contacts")).isEmpty();
        assertThat(ids(page(all.resultAt(3)))).contains("C-gq-bow", "C-gq-towed", "C-gq-radio");

        JsonObject first = all.<JsonObject>resultAt(4).getJsonObject("data").getJsonObject("contacts");
        JsonObject second = all.<JsonObject>resultAt(5).getJsonObject("data").getJsonObject("contacts");
        assertThat(first.getInteger("count")).isEqualTo(2);
        assertThat(first.getInteger("limit")).isEqualTo(2);
        assertThat(first.getInteger("offset")).isZero();
        assertThat(first.getInteger("total")).isGreaterThanOrEqualTo(3);
        assertThat(second.getInteger("offset")).isEqualTo(2);
        assertThat(ids(second.getJsonArray("contacts")))
          .doesNotContainAnyElementsOf(ids(first.getJsonArray("contacts")));
        // most dangerous first
        assertThat(first.getJsonArray("contacts").getJsonObject(0).getString("threatLevel"))
          .isEqualTo("ImmediateThreat");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a contact carries every field REST gives it, with the same values (epoch ms as 64-bit integers)")
  void contactMatchesRest(Vertx vertx, VertxTestContext testContext) {
    seeded(vertx)
      .compose(all -> Future.all(graphql(vertx, "{ contact(id: \"C-gq-bow\") { " + CONTACT_FIELDS + " } "
        + "nobody: contact(id: \"C-nobody-here\") { contactId } }"), rest(vertx, "/api/v1/contacts/C-gq-bow")))
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        JsonObject data = both.<JsonObject>resultAt(0).getJsonObject("data");
        JsonObject fromRest = both.resultAt(1);
        assertThat(both.<JsonObject>resultAt(0).getJsonArray("errors")).isNull();
        assertThat(data.getJsonObject("contact")).isEqualTo(fromRest);
        assertThat(data.getJsonObject("contact").getLong("lastSeenAt")).isGreaterThan((long) Integer.MAX_VALUE);
        assertThat(data.containsKey("nobody")).isTrue();
        assertThat(data.getValue("nobody")).as("an unknown contact is null").isNull();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("threats are the active threats of GET /api/v1/threats/active, in the same order")
  void threatsMatchRest(Vertx vertx, VertxTestContext testContext) {
    seeded(vertx)
      .compose(all -> Future.all(graphql(vertx, "{ threats { contactId threatLevel } }"),
        rest(vertx, "/api/v1/threats/active")))
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        JsonArray threats = both.<JsonObject>resultAt(0).getJsonObject("data").getJsonArray("threats");
        assertThat(ids(threats)).contains("C-gq-bow").doesNotContain("C-gq-towed", "C-gq-radio");
        assertThat(ids(threats)).isEqualTo(ids(both.<JsonObject>resultAt(1).getJsonArray("threats")));
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("bbox keeps the contacts whose track position is in the box, as REST's bbox does")
  void boundingBox(Vertx vertx, VertxTestContext testContext) {
    seeded(vertx)
      .compose(v -> Future.all(
        graphql(vertx, "{ contacts(bbox: \"10.5,59.5,10.8,59.6\", limit: 1000) { total contacts { contactId } } }"),
        graphql(vertx, "{ contacts(bbox: \"10.0,59.0,11.0,60.0\", limit: 1000) { contacts { contactId } } }"),
        rest(vertx, "/api/v1/contacts?bbox=10.0,59.0,11.0,60.0&limit=1000"),
        graphql(vertx, "{ contacts(bbox: \"11,59,10,60\") { count } }")))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        assertThat(ids(page(all.resultAt(0)))).containsExactly("C-gq-sat-in");
        assertThat(all.<JsonObject>resultAt(0).getJsonObject("data").getJsonObject("contacts").getInteger("total"))
          .isEqualTo(1);
        assertThat(ids(page(all.resultAt(1)))).contains("C-gq-sat-in", "C-gq-sat-out")
          .doesNotContain("C-gq-radio", "C-gq-towed")
          .isEqualTo(ids(all.<JsonObject>resultAt(2).getJsonArray("contacts")));
        JsonObject refused = firstError(all.resultAt(3));
        assertThat(refused.getString("message")).contains("argument bbox", "minLon", "greater than maxLon");
        assertThat(refused.getJsonObject("extensions").getJsonArray("details").getJsonObject(0).getString("field"))
          .isEqualTo("bbox");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("an argument outside the REST limits is refused with an error naming it and what is allowed")
  void refusedArguments(Vertx vertx, VertxTestContext testContext) {
    String longId = "C-" + "x".repeat(GraphqlArguments.MAX_CONTACT_ID_LENGTH);
    Future.all(List.of(
        graphql(vertx, "{ contacts(limit: 5000) { count } }"),
        graphql(vertx, "{ contacts(limit: 0) { count } }"),
        graphql(vertx, "{ contacts(offset: -1) { count } }"),
        graphql(vertx, "{ contacts(since: -5) { count } }"),
        graphql(vertx, "{ contacts(threatLevel: [Angry]) { count } }"),
        graphql(vertx, "{ contact(id: \"" + longId + "\") { contactId } }"),
        graphql(vertx, "{ contacts(limit: \"lots\") { count } }")))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        JsonObject tooMany = firstError(all.resultAt(0));
        assertThat(tooMany.getString("message")).isEqualTo("The value of argument limit is invalid. Reason: 5000 is "
          + "greater than the maximum 1000 (allowed: 1 to 1000)");
        assertThat(tooMany.getJsonArray("path")).containsExactly("contacts");
        assertThat(tooMany.getJsonObject("extensions").getString("reason")).isEqualTo("invalid_request");
        assertThat(tooMany.getJsonObject("extensions").getJsonArray("details").getJsonObject(0).getString("field"))
          .isEqualTo("limit");
        assertThat(all.<JsonObject>resultAt(0).getJsonObject("data").getValue("contacts")).isNull();

        assertThat(firstError(all.resultAt(1)).getString("message")).contains("argument limit", "minimum 1");
        assertThat(firstError(all.resultAt(2)).getString("message")).contains("argument offset", "minimum 0");
        assertThat(firstError(all.resultAt(3)).getString("message")).contains("argument since", "minimum 0");
        // graphql-java's validation refuses a value outside the enum before any fetcher runs, naming the argument
        assertThat(firstError(all.resultAt(4)).getString("message")).contains("threatLevel", "Angry");
        assertThat(all.<JsonObject>resultAt(4).getValue("data")).isNull();
        assertThat(firstError(all.resultAt(5)).getString("message")).contains("argument id", "1 to 200 characters");
        assertThat(firstError(all.resultAt(6)).getString("message")).contains("limit", "lots");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("an invalid query is answered with errors; a body that is not JSON gets the API's error shape")
  void invalidQueries(Vertx vertx, VertxTestContext testContext) {
    Future.all(List.of(
        graphql(vertx, "{ contacts(limit: 1) { count "),
        graphql(vertx, "{ contacts { colour } }"),
        graphql(vertx, CHANGES),
        postRaw(vertx, "application/json", Buffer.buffer("{not json"))))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        JsonObject syntax = firstError(all.resultAt(0));
        assertThat(syntax.getJsonObject("extensions").getString("classification")).isEqualTo("InvalidSyntax");
        assertThat(all.<JsonObject>resultAt(0).getValue("data")).isNull();
        JsonObject unknownField = firstError(all.resultAt(1));
        assertThat(unknownField.getString("message")).contains("colour");
        assertThat(unknownField.getJsonObject("extensions").getString("classification")).isEqualTo("ValidationError");
        assertThat(firstError(all.resultAt(2)).getString("message")).contains("WebSocket", "graphql-transport-ws");
        HttpResponse<Buffer> notJson = all.resultAt(3);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.bodyAsJsonObject().fieldNames()).contains("status", "reason", "error", "details");
        assertThat(notJson.bodyAsJsonObject().getString("error")).startsWith("the request body is not valid JSON");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("the schema is served as text; its enums are exactly the contract's, its Contact exactly REST's fields")
  void schemaMatchesTheCode(Vertx vertx, VertxTestContext testContext) throws Exception {
    TypeDefinitionRegistry schema = schema();
    String contract = Files.readString(SOURCES.resolve("openapi.yaml"));
    WebClient client = WebClient.create(vertx);
    seeded(vertx)
      .compose(v -> Future.all(client.get(node.tacticalPort(), "127.0.0.1", GraphqlApi.SCHEMA_PATH).send(),
        rest(vertx, "/api/v1/contacts/C-gq-towed")))
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        HttpResponse<Buffer> served = both.resultAt(0);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.bodyAsString()).contains("pictureChanges: PictureChange!");
        assertThat(enumValues(schema, "ThreatLevel")).isEqualTo(names(ThreatLevel.values()));
        assertThat(enumValues(schema, "RecommendedAction")).isEqualTo(names(RecommendedAction.values()));
        assertThat(enumValues(schema, "SensorKind")).isEqualTo(names(SensorKind.values()));
        List<String> contactFields = schema.getType("Contact", ObjectTypeDefinition.class).orElseThrow()
          .getFieldDefinitions().stream().map(FieldDefinition::getName).toList();
        assertThat(contactFields).as("one line in picture.graphqls per field of ContactSummary.toJson()")
          .containsExactlyInAnyOrderElementsOf(both.<JsonObject>resultAt(1).fieldNames());
        // the same page limits as the REST contract
        assertThat(contract).contains("schema: { type: integer, minimum: 1, maximum: " + GraphqlArguments.MAX_LIMIT
          + ", default: " + GraphqlArguments.DEFAULT_LIMIT + " }");
        assertThat(contract).contains("schema: { type: string, minLength: 1, maxLength: "
          + GraphqlArguments.MAX_CONTACT_ID_LENGTH + " }");
        client.close();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a query also works as GET /graphql?query=..., and GraphiQL's page is served from the jar")
  void getAndGraphiql(Vertx vertx, VertxTestContext testContext) {
    WebClient client = WebClient.create(vertx);
    seeded(vertx)
      .compose(v -> Future.all(client.get(node.tacticalPort(), "127.0.0.1", GraphqlApi.PATH)
          .addQueryParam("query", "{ contact(id: \"C-gq-radio\") { contactId sensorKinds } }").send(),
        client.get(node.tacticalPort(), "127.0.0.1", GraphqlApi.GRAPHIQL_PATH).send()))
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        HttpResponse<Buffer> get = both.resultAt(0);
        assertThat(get.statusCode()).as(get.bodyAsString()).isEqualTo(200);
        JsonObject contact = get.bodyAsJsonObject().getJsonObject("data").getJsonObject("contact");
        assertThat(contact.getString("contactId")).isEqualTo("C-gq-radio");
        assertThat(contact.getJsonArray("sensorKinds")).containsExactly("CommsIntercept");
        HttpResponse<Buffer> graphiql = both.resultAt(1);
        assertThat(graphiql.statusCode()).isEqualTo(200);
        assertThat(graphiql.getHeader("Content-Type")).startsWith("text/html");
        assertThat(graphiql.bodyAsString()).containsIgnoringCase("graphiql");
        client.close();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a graphql-transport-ws subscriber receives a contact's change after a reading is ingested")
  void subscriptionReceivesChange(Vertx vertx, VertxTestContext testContext) {
    int[] attempt = {0};
    subscribed(vertx, 0)
      .compose(socket -> Attempts.until(vertx,
          () -> post(vertx, Readings.comms("gq-sub-" + attempt[0]++, "gq-sub", "Military"))
            .map(v -> changeOf(socket, "C-gq-sub") != null),
          received -> received, System.currentTimeMillis() + 10_000)
        .compose(v -> socket.first(m -> changeOf(m, "C-gq-sub") != null))
        .map(next -> {
          testContext.verify(() -> assertThat(socket.socket().subProtocol()).isEqualTo(GraphqlApi.WS_PROTOCOL));
          return next;
        })
        .onComplete(done -> socket.close()))
      .onComplete(testContext.succeeding(next -> testContext.verify(() -> {
        assertThat(next.getString("id")).isEqualTo("changes");
        JsonObject change = next.getJsonObject("payload").getJsonObject("data").getJsonObject("pictureChanges");
        JsonObject contact = changeOf(next, "C-gq-sub");
        assertThat(contact.getString("lastReadingId")).startsWith("gq-sub-");
        assertThat(contact.getLong("readingCount")).isGreaterThanOrEqualTo(1L);
        assertThat(contact.getString("threatLevel")).isIn(names(ThreatLevel.values()));
        assertThat(change.getJsonArray("removed")).isEmpty();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("a subscriber that never reads is closed as slow, with the reason, while another keeps receiving")
  void slowSubscriberIsDropped(Vertx vertx, VertxTestContext testContext) {
    Checkpoint healthyStillReceives = testContext.checkpoint();
    Checkpoint slowClosedWithReason = testContext.checkpoint();
    // a small receive buffer so that the server's queue fills soon; many contacts per change for the same reason
    Future<JsonSocket> slow = subscribed(vertx, 4096);
    Future<JsonSocket> healthy = slow.compose(s -> subscribed(vertx, 0));
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(60);
    int[] round = {0};
    healthy
      .compose(h -> Attempts.until(vertx, () -> {
        // pause only once the slow subscription surely exists: after it received its first change
        if (!slow.result().received().stream().filter(m -> "next".equals(m.getString("type"))).toList().isEmpty()) {
          slow.result().socket().pause();
        }
        return post(vertx, heavyBatch(round[0]++)).compose(v -> droppedAsSlow(vertx));
      }, dropped -> dropped >= 1, deadline))
      .compose(dropped -> {
        testContext.verify(() -> assertThat(dropped).as("subscribers dropped as slow").isGreaterThanOrEqualTo(1.0));
        return post(vertx, Readings.comms("gq-after-drop-1", "gq-after-drop", "None"));
      })
      .compose(v -> healthy.result().first(m -> changeOf(m, "C-gq-after-drop") != null))
      .onComplete(testContext.succeeding(next -> {
        healthyStillReceives.flag();
        healthy.result().close();
        JsonSocket closed = slow.result();
        closed.socket().resume();
        closed.closed().onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertThat(closed.socket().closeStatusCode()).isEqualTo(PictureChanges.SLOW_CLIENT_CODE);
          assertThat(closed.socket().closeReason()).startsWith("slow client: write queue full for");
          slowClosedWithReason.flag();
        })));
      }));
  }

  /** Connected with graphql-transport-ws, acknowledged, and subscribed to pictureChanges under the id "changes". */
  private static Future<JsonSocket> subscribed(Vertx vertx, int receiveBufferBytes) {
    WebSocketConnectOptions target = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.tacticalPort())
      .setURI(GraphqlApi.PATH).addSubProtocol(GraphqlApi.WS_PROTOCOL);
    return JsonSocket.connect(vertx, target, receiveBufferBytes)
      .compose(socket -> socket.send(new JsonObject().put("type", "connection_init"))
        .compose(v -> socket.first(m -> "connection_ack".equals(m.getString("type"))))
        .compose(ack -> socket.send(new JsonObject().put("id", "changes").put("type", "subscribe")
          .put("payload", new JsonObject().put("query", CHANGES))))
        .map(v -> socket));
  }

  /** The contact in a {@code next} message of the subscription, or null. */
  private static JsonObject changeOf(JsonObject message, String contactId) {
    if (!"next".equals(message.getString("type"))) {
      return null;
    }
    JsonObject data = message.getJsonObject("payload").getJsonObject("data");
    if (data == null || data.getJsonObject("pictureChanges") == null) {
      return null;
    }
    return data.getJsonObject("pictureChanges").getJsonArray("contacts").stream().map(JsonObject.class::cast)
      .filter(c -> contactId.equals(c.getString("contactId"))).findFirst().orElse(null);
  }

  private static JsonObject changeOf(JsonSocket socket, String contactId) {
    return socket.received().stream().map(m -> changeOf(m, contactId)).filter(c -> c != null).findFirst().orElse(null);
  }

  /** 500 contacts, each updated once: a change of some tens of kB. */
  private static JsonArray heavyBatch(int round) {
    JsonArray batch = new JsonArray();
    IntStream.range(0, 500).forEach(k ->
      batch.add(Readings.passiveSonar("gq-heavy-" + round + "-" + k, "gq-heavy-" + k, 0.00006, 100 + round % 200)));
    return batch;
  }

  private static Future<Double> droppedAsSlow(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    return client.get(node.opsPort(), "127.0.0.1", "/metrics").send().map(metrics -> {
      Matcher dropped = DROPPED.matcher(metrics.bodyAsString());
      return dropped.find() ? Double.parseDouble(dropped.group(1)) : 0.0;
    }).onComplete(done -> client.close());
  }

  private static TypeDefinitionRegistry schema() {
    try {
      return new SchemaParser().parse(Files.readString(SOURCES.resolve("picture.graphqls")));
    } catch (java.io.IOException unreadable) {
      throw new java.io.UncheckedIOException(unreadable);
    }
  }

  /** A selection of every field of an object type, recursing into fields whose type is an object type. */
  private static String selection(TypeDefinitionRegistry schema, String typeName) {
    StringBuilder fields = new StringBuilder();
    for (FieldDefinition field : schema.getType(typeName, ObjectTypeDefinition.class).orElseThrow()
      .getFieldDefinitions()) {
      String type = graphql.schema.idl.TypeUtil.unwrapAll(field.getType()).getName();
      fields.append(field.getName()).append(' ');
      if (schema.getType(type, ObjectTypeDefinition.class).isPresent()) {
        fields.append("{ ").append(selection(schema, type)).append("} ");
      }
    }
    return fields.toString();
  }

  private static List<String> enumValues(TypeDefinitionRegistry schema, String name) {
    return schema.getType(name, EnumTypeDefinition.class).orElseThrow().getEnumValueDefinitions().stream()
      .map(EnumValueDefinition::getName).toList();
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }
}
