package kraken.tactical;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.simulation.GroundTruth;
import kraken.simulation.Ocean;
import kraken.simulation.SimulatedReading;
import kraken.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Association measured against the simulator's truth, through the real node (ingest, rules inference, tactical with
 * its grid maps): a seeded ocean of 40 vessels, five minutes of readings from all five sensors posted in time
 * order. Accuracy is the share of readings whose contact's majority vessel is the reading's own vessel.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Association puts the readings of different sensors about one vessel into one contact")
class AssociationAccuracyTest {

  private static final int VESSELS = 40;
  private static final int SECONDS = 300;
  private static final int READINGS_PER_SECOND = 20;
  private static final int BATCH = 40;
  private static TestNodes.Running node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(Map.of());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop();
  }

  @Test
  @Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
  @DisplayName("at least 95 % of readings land in a contact whose majority vessel is theirs")
  void accuracyAgainstTruth(Vertx vertx, VertxTestContext testContext) {
    Ocean ocean = new Ocean(20_261_123L, VESSELS, 0.0, "assoc", Ocean.DEFAULT_START_MS);
    List<SimulatedReading> readings = new ArrayList<>();
    for (int i = 0; i < SECONDS * READINGS_PER_SECOND; i++) {
      readings.add(ocean.next(Ocean.DEFAULT_START_MS + i * 1000L / READINGS_PER_SECOND));
    }
    WebClient client = WebClient.create(vertx);
    Future<Void> posted = Future.succeededFuture();
    for (int from = 0; from < readings.size(); from += BATCH) {
      JsonArray batch = new JsonArray();
      readings.subList(from, Math.min(readings.size(), from + BATCH)).forEach(r -> batch.add(r.reading()));
      posted = posted.compose(v -> client.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
        .sendJson(batch).map(response -> {
          if (response.statusCode() != 202) {
            throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.bodyAsString());
          }
          return null;
        }));
    }
    posted.compose(v -> allContacts(client, 0, new JsonArray())).onComplete(testContext.succeeding(contacts ->
      testContext.verify(() -> {
        Figures figures = Figures.of(readings, contacts);
        System.out.printf("association: accuracy=%.4f contactsPerVessel=%.2f positionRmsM=%.0f (readings=%d, "
            + "vessels=%d, contacts=%d)%n", figures.accuracy, figures.contactsPerVessel, figures.positionRmsM,
          readings.size(), figures.vessels, contacts.size());
        assertThat(figures.accuracy).isGreaterThanOrEqualTo(0.95);
        assertThat(figures.contactsPerVessel).as("association merged tracks: fewer contacts than sensor tracks")
          .isLessThan(figures.tracksPerVessel);
        testContext.completeNow();
      })));
  }

  private Future<JsonArray> allContacts(WebClient client, int offset, JsonArray into) {
    return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts?limit=1000&offset=" + offset).send()
      .compose(response -> {
        JsonArray page = response.bodyAsJsonObject().getJsonArray("contacts");
        page.forEach(into::add);
        return page.size() < 1000 ? Future.succeededFuture(into) : allContacts(client, offset + 1000, into);
      });
  }

  /** The figures quoted in the README. */
  private record Figures(double accuracy, double contactsPerVessel, double tracksPerVessel, double positionRmsM,
                         int vessels) {

    static Figures of(List<SimulatedReading> readings, JsonArray contacts) {
      // where each sensor track ended up: the contact listing it that is not its own founding contact, if any
      Map<String, String> contactOfTrack = new HashMap<>();
      Map<String, JsonObject> byId = new HashMap<>();
      for (Object o : contacts) {
        JsonObject c = (JsonObject) o;
        byId.put(c.getString("contactId"), c);
        for (Object s : c.getJsonArray("sensorIds")) {
          String sensorId = (String) s;
          if (!c.getString("contactId").equals("C-" + sensorId) || !contactOfTrack.containsKey(sensorId)) {
            contactOfTrack.put(sensorId, c.getString("contactId"));
          }
        }
      }
      Map<String, Map<String, Integer>> vesselsOfContact = new HashMap<>();
      Map<String, Set<String>> contactsOfVessel = new HashMap<>();
      Map<String, Set<String>> tracksOfVessel = new HashMap<>();
      Map<String, java.util.TreeMap<Long, GroundTruth>> truthAt = new HashMap<>();
      for (SimulatedReading r : readings) {
        String sensorId = r.reading().getString("sensorId");
        String contact = contactOfTrack.get(sensorId);
        String vessel = r.truth().vesselId();
        vesselsOfContact.computeIfAbsent(contact, k -> new HashMap<>()).merge(vessel, 1, Integer::sum);
        contactsOfVessel.computeIfAbsent(vessel, k -> new HashSet<>()).add(contact);
        tracksOfVessel.computeIfAbsent(vessel, k -> new HashSet<>()).add(sensorId);
        truthAt.computeIfAbsent(vessel, k -> new java.util.TreeMap<>()).put(r.reading().getLong("timestamp"), r.truth());
      }
      long right = 0;
      double squared = 0;
      int positioned = 0;
      for (Map.Entry<String, Map<String, Integer>> e : vesselsOfContact.entrySet()) {
        Map.Entry<String, Integer> majority = e.getValue().entrySet().stream().max(Map.Entry.comparingByValue())
          .orElseThrow();
        right += majority.getValue();
        if (e.getValue().size() > 1 && Boolean.getBoolean("association.debug")) {
          Map<String, Map<String, Integer>> tracks = new HashMap<>();
          for (SimulatedReading r : readings) {
            if (e.getKey().equals(contactOfTrack.get(r.reading().getString("sensorId")))) {
              tracks.computeIfAbsent(r.reading().getString("sensorId"), k -> new HashMap<>())
                .merge(r.truth().vesselId() + "/" + r.truth().vesselClass() + "@" + Math.round(r.truth().rangeM()), 1,
                  (a, b) -> a + b);
            }
          }
          System.out.println("mixed " + e.getKey() + " " + e.getValue() + " " + tracks.keySet());
        }
        JsonObject contact = byId.get(e.getKey());
        JsonObject position = contact == null ? null : contact.getJsonObject("position");
        JsonArray history = contact == null ? new JsonArray() : contact.getJsonArray("history");
        JsonObject lastPoint = history.isEmpty() ? null : history.getJsonObject(history.size() - 1);
        Map.Entry<Long, GroundTruth> nearest = lastPoint == null || !lastPoint.containsKey("lat") ? null
          : truthAt.get(majority.getKey()).floorEntry(lastPoint.getLong("at"));
        GroundTruth truth = nearest == null ? null : nearest.getValue();
        // the estimate at its last position fix against the truth of the same moment
        if (position != null && truth != null && nearest.getKey().equals(lastPoint.getLong("at"))) {
          double north = (position.getDouble("lat") - truth.lat()) * 111_320;
          double east = (position.getDouble("lon") - truth.lon()) * 111_320 * Math.cos(Math.toRadians(truth.lat()));
          squared += north * north + east * east;
          positioned++;
        }
      }
      int vessels = contactsOfVessel.size();
      return new Figures(right / (double) readings.size(),
        contactsOfVessel.values().stream().mapToInt(Set::size).average().orElse(0),
        tracksOfVessel.values().stream().mapToInt(Set::size).average().orElse(0),
        positioned == 0 ? Double.NaN : Math.sqrt(squared / positioned), vessels);
    }
  }
}
