package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import kraken.PostgresAvailableTest;
import kraken.bus.Addresses;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.OperatorRows;
import kraken.support.Readings;
import kraken.support.StoredReadings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real node with persistence on and the real PostgreSQL: a classification and a combat action change the contact
 * (API and picture delta) and arrive as rows; an unknown contact, a body the contract refuses and a wrong content
 * type are refused in the API's error shape, and record nothing.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Operators classify contacts and order combat actions: recorded in PostgreSQL, shown in the picture")
class ClassifyAndActTest {

  private static final long DEADLINE_MS = 20_000;
  private static TestNodes.Running node;

  private final String prefix = StoredReadings.uniquePrefix();
  private final List<JsonObject> deltas = new CopyOnWriteArrayList<>();
  private MessageConsumer<JsonObject> deltaConsumer;
  private WebClient client;
  private Pool db;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of(Settings.POSTGRES_URI, PostgresAvailableTest.uri(),
      Settings.PERSISTENCE_ENABLED, "true", Settings.PERSISTENCE_FLUSH_MS, 50));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop();
    }
  }

  @BeforeEach
  void clients(Vertx vertx, VertxTestContext testContext) {
    client = WebClient.create(vertx);
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(PostgresAvailableTest.uri())).using(vertx).build();
    // the picture's own delta address, on the node's event bus: what every console hears
    deltaConsumer = node.node().vertx().eventBus().consumer(Addresses.PICTURE_DELTA, m -> deltas.add(m.body()));
    deltaConsumer.completion().onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void cleanUp(VertxTestContext testContext) {
    deltaConsumer.unregister()
      .compose(v -> OperatorRows.deleteAll(db, "C-" + prefix))
      .eventually(db::close)
      .onComplete(testContext.succeedingThenComplete());
  }

  private Future<String> contactFromReading(String sensor) {
    return client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
      .sendJsonObject(Readings.activeSonar("r-1", sensor, 0.8, 1200))
      .map(ack -> {
        if (ack.statusCode() != 202) {
          throw new IllegalStateException("ingest answered " + ack.statusCode() + ": " + ack.bodyAsString());
        }
        return "C-" + sensor;
      });
  }

  private Future<HttpResponse<Buffer>> post(String path, String contentType, String body) {
    return client.post(node.tacticalPort(), "127.0.0.1", path).putHeader("Content-Type", contentType)
      .sendBuffer(Buffer.buffer(body));
  }

  private Future<HttpResponse<Buffer>> classify(String contactId, JsonObject body) {
    return post("/api/v1/contacts/" + contactId + "/classify", "application/json", body.encode());
  }

  private Future<HttpResponse<Buffer>> act(JsonObject body) {
    return post("/api/v1/combat/action", "application/json", body.encode());
  }

  /** Whether a delta showing the contact with {@code field} set arrived, polled until the deadline. */
  private Future<Boolean> deltaArrives(Vertx vertx, String contactId, String field) {
    return Attempts.until(vertx, () -> Future.succeededFuture(deltaShows(contactId, field)), shown -> shown,
      System.currentTimeMillis() + DEADLINE_MS);
  }

  private boolean deltaShows(String contactId, String field) {
    return deltas.stream().flatMap(d -> d.getJsonArray("contacts").stream()).map(c -> (JsonObject) c)
      .anyMatch(c -> contactId.equals(c.getString("contactId")) && c.getJsonObject(field) != null);
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

  @Test
  @DisplayName("a classification answers 200 with the record and the contact, shows in the API and a delta, and is a row")
  void classificationIsRecordedAndShown(Vertx vertx, VertxTestContext testContext) {
    String sensor = prefix + "bow";
    long before = System.currentTimeMillis();
    JsonObject body = new JsonObject().put("operator", "lt-kim").put("vesselClass", "frigate")
      .put("reason", "silhouette matches a Type 23");
    contactFromReading(sensor)
      .compose(contactId -> classify(contactId, body))
      .compose(answer -> {
        testContext.verify(() -> {
          assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
          JsonObject record = answer.bodyAsJsonObject().getJsonObject("record");
          assertThat(UUID.fromString(record.getString("id"))).isNotNull();
          assertThat(record.getString("contactId")).isEqualTo("C-" + sensor);
          assertThat(record.getString("vesselClass")).isEqualTo("frigate");
          assertThat(record.getString("operator")).isEqualTo("lt-kim");
          assertThat(record.getString("reason")).isEqualTo("silhouette matches a Type 23");
          assertThat(record.getLong("at")).isGreaterThanOrEqualTo(before);
          JsonObject shown = answer.bodyAsJsonObject().getJsonObject("contact").getJsonObject("operatorClassification");
          assertThat(shown).isEqualTo(new JsonObject().put("vesselClass", "frigate").put("operator", "lt-kim")
            .put("reason", "silhouette matches a Type 23").put("at", record.getLong("at")));
          assertThat(answer.bodyAsJsonObject().getJsonObject("contact").getValue("operatorAction")).isNull();
        });
        String id = answer.bodyAsJsonObject().getJsonObject("record").getString("id");
        return deltaArrives(vertx, "C-" + sensor, "operatorClassification")
          .compose(delta -> {
            testContext.verify(() -> assertThat(delta).as("a picture delta with it").isTrue());
            return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-" + sensor).send();
          })
          .compose(contact -> {
            testContext.verify(() -> assertThat(contact.bodyAsJsonObject().getJsonObject("operatorClassification")
              .getString("vesselClass")).as("GET the contact").isEqualTo("frigate"));
            return OperatorRows.atLeast(vertx, db, OperatorRows.CLASSIFICATIONS, "C-" + sensor, 1,
              System.currentTimeMillis() + DEADLINE_MS);
          })
          .map(rows -> {
            testContext.verify(() -> {
              assertThat(rows).as("classification rows").hasSize(1);
              Row row = rows.get(0);
              assertThat(row.getUUID("id")).isEqualTo(UUID.fromString(id));
              assertThat(row.getString("classification")).isEqualTo("frigate");
              assertThat(row.getString("operator")).isEqualTo("lt-kim");
              assertThat(row.getString("reason")).isEqualTo("silhouette matches a Type 23");
              assertThat(row.getOffsetDateTime("classified_at").toInstant().toEpochMilli())
                .isEqualTo(answer.bodyAsJsonObject().getJsonObject("record").getLong("at"));
            });
            return rows;
          });
      })
      .onComplete(testContext.succeeding(rows -> testContext.completeNow()));
  }

  @Test
  @DisplayName("a combat action answers 200 with the record and the contact, shows in the API and a delta, and is a row")
  void combatActionIsRecordedAndShown(Vertx vertx, VertxTestContext testContext) {
    String sensor = prefix + "stern";
    contactFromReading(sensor)
      .compose(contactId -> act(new JsonObject().put("operator", "cdr-ames").put("contactId", contactId)
        .put("action", "Intercept").put("reason", "closing at 20 kn inside 5 km")))
      .compose(answer -> {
        testContext.verify(() -> {
          assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
          JsonObject record = answer.bodyAsJsonObject().getJsonObject("record");
          assertThat(record.fieldNames()).contains("id", "contactId", "action", "operator", "reason", "at");
          assertThat(record.getString("action")).isEqualTo("Intercept");
          JsonObject shown = answer.bodyAsJsonObject().getJsonObject("contact").getJsonObject("operatorAction");
          assertThat(shown.getString("action")).isEqualTo("Intercept");
          assertThat(shown.getString("operator")).isEqualTo("cdr-ames");
          assertThat(shown.getString("reason")).isEqualTo("closing at 20 kn inside 5 km");
          assertThat(shown.getLong("at")).isEqualTo(record.getLong("at"));
        });
        return deltaArrives(vertx, "C-" + sensor, "operatorAction")
          .compose(delta -> {
            testContext.verify(() -> assertThat(delta).as("a picture delta with it").isTrue());
            return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-" + sensor).send();
          })
          .compose(contact -> {
            testContext.verify(() -> assertThat(contact.bodyAsJsonObject().getJsonObject("operatorAction")
              .getString("action")).as("GET the contact").isEqualTo("Intercept"));
            return OperatorRows.atLeast(vertx, db, OperatorRows.COMBAT_ACTIONS, "C-" + sensor, 1,
              System.currentTimeMillis() + DEADLINE_MS);
          })
          .map(rows -> {
            testContext.verify(() -> {
              assertThat(rows).as("combat action rows").hasSize(1);
              assertThat(rows.get(0).getUUID("id").toString()).isEqualTo(answer.bodyAsJsonObject()
                .getJsonObject("record").getString("id"));
              assertThat(rows.get(0).getString("action")).isEqualTo("Intercept");
              assertThat(rows.get(0).getString("operator")).isEqualTo("cdr-ames");
            });
            return rows;
          });
      })
      .onComplete(testContext.succeeding(rows -> testContext.completeNow()));
  }

  @Test
  @DisplayName("an unknown contact is 404 naming it, for a classification and for an action, and nothing is recorded")
  void unknownContactIsNotFound(Vertx vertx, VertxTestContext testContext) {
    String ghost = "C-" + prefix + "ghost";
    JsonObject classification = new JsonObject().put("operator", "lt-kim").put("vesselClass", "frigate")
      .put("reason", "seen");
    JsonObject action = new JsonObject().put("operator", "lt-kim").put("contactId", ghost).put("action", "Track")
      .put("reason", "seen");
    classify(ghost, classification)
      .compose(refused -> {
        testContext.verify(() -> {
          JsonObject body = error(refused, 404);
          assertThat(body.getString("reason")).isEqualTo("not_found");
          assertThat(body.getString("error")).contains(ghost);
        });
        return act(action);
      })
      .compose(refused -> {
        testContext.verify(() -> {
          JsonObject body = error(refused, 404);
          assertThat(body.getString("reason")).isEqualTo("not_found");
          assertThat(body.getString("error")).contains(ghost);
        });
        return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/" + ghost).send();
      })
      .compose(contact -> {
        testContext.verify(() -> assertThat(contact.statusCode()).as("no contact was made").isEqualTo(404));
        // a valid command written after the refused ones: once it is a row, a row of the refused ones would be too
        String sensor = prefix + "witness";
        return contactFromReading(sensor).compose(id -> classify(id, classification))
          .compose(ok -> OperatorRows.atLeast(vertx, db, OperatorRows.CLASSIFICATIONS, "C-" + sensor, 1,
            System.currentTimeMillis() + DEADLINE_MS));
      })
      .compose(witness -> {
        testContext.verify(() -> assertThat(witness).as("the witness row").hasSize(1));
        return OperatorRows.rows(db, OperatorRows.CLASSIFICATIONS, ghost)
          .compose(c -> OperatorRows.rows(db, OperatorRows.COMBAT_ACTIONS, ghost).map(a -> c.size() + a.size()));
      })
      .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
        assertThat(rows).as("rows for the unknown contact").isZero();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("bodies the contract refuses are 400 naming the field; a body that is not JSON is 415; the contact is unchanged")
  void contractRefusals(VertxTestContext testContext) {
    String sensor = prefix + "refused";
    contactFromReading(sensor)
      .compose(contactId -> classify(contactId, new JsonObject().put("operator", "lt-kim").put("vesselClass", "frigate")))
      .compose(missing -> {
        testContext.verify(() -> {
          JsonObject body = error(missing, 400);
          assertThat(body.getString("reason")).isEqualTo("invalid_request");
          assertThat(body.getString("error")).contains("\"reason\"");
        });
        return classify("C-" + sensor, new JsonObject().put("operator", "").put("vesselClass", "frigate")
          .put("reason", "r"));
      })
      .compose(empty -> {
        testContext.verify(() -> assertThat(error(empty, 400).getJsonArray("details").encode()).contains("operator"));
        return act(new JsonObject().put("operator", "lt-kim").put("contactId", "C-" + sensor).put("action", "Nuke")
          .put("reason", "r"));
      })
      .compose(unknownAction -> {
        testContext.verify(() -> assertThat(error(unknownAction, 400).getJsonArray("details").stream()
          .map(d -> ((JsonObject) d).getString("field"))).contains("action"));
        return act(new JsonObject().put("operator", "lt-kim").put("contactId", "C-" + sensor).put("action", "Track")
          .put("reason", "r").put("weapon", "gun"));
      })
      .compose(extra -> {
        testContext.verify(() -> assertThat(error(extra, 400).encode()).contains("weapon"));
        return post("/api/v1/contacts/C-" + sensor + "/classify", "text/plain", "frigate, says lt-kim");
      })
      .compose(plain -> {
        testContext.verify(() -> assertThat(error(plain, 415).getString("reason")).isEqualTo("unsupported_media_type"));
        return post("/api/v1/combat/action", "text/plain", "engage");
      })
      .compose(plain -> {
        testContext.verify(() -> assertThat(error(plain, 415).getString("reason")).isEqualTo("unsupported_media_type"));
        return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts/C-" + sensor).send();
      })
      .onComplete(testContext.succeeding(contact -> testContext.verify(() -> {
        assertThat(contact.bodyAsJsonObject().getValue("operatorClassification")).as("unchanged").isNull();
        assertThat(contact.bodyAsJsonObject().getValue("operatorAction")).as("unchanged").isNull();
        testContext.completeNow();
      })));
  }
}
