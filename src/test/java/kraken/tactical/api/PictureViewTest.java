package kraken.tactical.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import kraken.bus.ContactSummary;
import kraken.bus.ContactTrack;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatLevel;
import kraken.config.Settings;
import kraken.support.Attempts;
import kraken.support.Readings;
import kraken.support.TestNodes;
import kraken.tactical.BoundingBox;
import kraken.tactical.ContactFilter;
import kraken.tactical.ContactQueries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The API node's picture view lists contacts as the grid would, maintained by the picture deltas")
class PictureViewTest {

  private static final ContactFilter EVERYTHING = new ContactFilter(EnumSet.noneOf(ThreatLevel.class), null, null, null);

  private static ContactSummary contact(String id, ThreatLevel level, long updatedAt) {
    return contact(id, level, updatedAt, RecommendedAction.Monitor, "radar", updatedAt, null);
  }

  private static ContactSummary contact(String id, ThreatLevel level, long updatedAt, RecommendedAction action,
                                        String sensorKind, long lastSeenAt, double[] latLon) {
    ContactTrack track = latLon == null ? null
      : new ContactTrack(latLon[0], latLon[1], null, null, null, null, null, null, List.of());
    return new ContactSummary(id, level, 0.9, null, action, null, List.of(), List.of(), false, null,
      List.of("s-" + id), List.of(sensorKind), 1, "r-" + id, lastSeenAt, lastSeenAt, updatedAt, null, null, track);
  }

  private static List<String> ids(List<ContactSummary> contacts) {
    return contacts.stream().map(ContactSummary::contactId).toList();
  }

  @Test
  @DisplayName("lists most dangerous first, then most recently updated, then by id: the grid's order")
  void order() {
    PictureView view = new PictureView();
    List<ContactSummary> contacts = List.of(contact("a", ThreatLevel.Benign, 5), contact("b", ThreatLevel.Hostile, 1),
      contact("c", ThreatLevel.ImmediateThreat, 1), contact("d", ThreatLevel.Hostile, 3),
      contact("e", ThreatLevel.Hostile, 3), contact("f", ThreatLevel.Suspicious, 9));
    view.load(contacts);
    List<ContactSummary> expected = contacts.stream().sorted(ContactQueries.MOST_DANGEROUS_FIRST).toList();
    assertThat(ids(view.page(EVERYTHING, 0, 100).contacts())).containsExactlyElementsOf(ids(expected))
      .containsExactly("c", "d", "e", "b", "f", "a");
    ContactQueries.Page second = view.page(EVERYTHING, 2, 3);
    assertThat(ids(second.contacts())).containsExactly("e", "b", "f");
    assertThat(second.total()).isEqualTo(6);
    assertThat(view.page(EVERYTHING, 10, 3).contacts()).isEmpty();
    assertThat(ids(view.activeThreats())).containsExactly("c", "d", "e", "b");
  }

  @Test
  @DisplayName("a delta moves a changed contact to its new place, ignores an older state, and removes what it removes")
  void upsertAndRemoval() {
    PictureView view = new PictureView();
    view.load(List.of(contact("a", ThreatLevel.Benign, 1), contact("b", ThreatLevel.Hostile, 1)));
    view.apply(new JsonObject().put("contacts", new JsonArray()
      .add(contact("a", ThreatLevel.ImmediateThreat, 2).toJson()).add(contact("n", ThreatLevel.Suspicious, 2).toJson())));
    assertThat(ids(view.page(EVERYTHING, 0, 10).contacts())).containsExactly("a", "b", "n");
    assertThat(view.page(EVERYTHING, 0, 10).contacts().get(0)).isEqualTo(contact("a", ThreatLevel.ImmediateThreat, 2));

    view.apply(new JsonObject().put("contacts", new JsonArray().add(contact("a", ThreatLevel.Benign, 1).toJson())));
    assertThat(view.page(EVERYTHING, 0, 10).contacts().get(0).threatLevel())
      .as("an older state (a crossed delta) does not replace a newer one").isEqualTo(ThreatLevel.ImmediateThreat);

    view.apply(new JsonObject().put("removed", new JsonArray().add("a").add("unknown")));
    assertThat(ids(view.page(EVERYTHING, 0, 10).contacts())).containsExactly("b", "n");
    assertThat(ids(view.activeThreats())).containsExactly("b");
    assertThat(view.size()).isEqualTo(2);
  }

  @Test
  @DisplayName("deltas that cross the initial load win over the snapshot, and a contact removed meanwhile stays removed")
  void startRace() {
    PictureView view = new PictureView();
    view.beginLoad();
    view.upsert(contact("newer", ThreatLevel.Hostile, 10));
    view.remove("gone");
    view.upsert(contact("back", ThreatLevel.Benign, 10));
    view.remove("back-then-gone");
    view.load(List.of(contact("newer", ThreatLevel.Benign, 5), contact("gone", ThreatLevel.Hostile, 5),
      contact("back", ThreatLevel.Suspicious, 12), contact("only-in-grid", ThreatLevel.Benign, 5),
      contact("back-then-gone", ThreatLevel.Benign, 5)));
    List<ContactSummary> listed = view.page(EVERYTHING, 0, 10).contacts();
    assertThat(ids(listed)).containsExactlyInAnyOrder("newer", "back", "only-in-grid");
    assertThat(listed.stream().filter(c -> c.contactId().equals("newer")).findFirst().orElseThrow().threatLevel())
      .isEqualTo(ThreatLevel.Hostile);
    assertThat(listed.stream().filter(c -> c.contactId().equals("back")).findFirst().orElseThrow().threatLevel())
      .as("the snapshot's state is newer than the delta's").isEqualTo(ThreatLevel.Suspicious);

    view.remove("only-in-grid");
    view.load(List.of());
    assertThat(ids(view.page(EVERYTHING, 0, 10).contacts())).doesNotContain("only-in-grid");
  }

  @Test
  @DisplayName("filters on threat level, sensor kind, time window and box match what ContactFilter matches on the grid")
  void filters() {
    PictureView view = new PictureView();
    view.load(List.of(
      contact("h1", ThreatLevel.Hostile, 100, RecommendedAction.Track, "sonar", 100, new double[] {10, 20}),
      contact("h2", ThreatLevel.Hostile, 90, RecommendedAction.Monitor, "radar", 200, new double[] {50, 60}),
      contact("b1", ThreatLevel.Benign, 80, RecommendedAction.Monitor, "sonar", 300, null),
      contact("i1", ThreatLevel.ImmediateThreat, 70, RecommendedAction.Engage, "radar", 400, new double[] {11, 21})));
    ContactQueries.Page hostile = view.page(new ContactFilter(Set.of(ThreatLevel.Hostile), null, null, null), 0, 1);
    assertThat(ids(hostile.contacts())).containsExactly("h1");
    assertThat(hostile.total()).isEqualTo(2);
    assertThat(ids(view.page(new ContactFilter(Set.of(), "sonar", null, null), 0, 10).contacts()))
      .containsExactly("h1", "b1");
    assertThat(ids(view.page(new ContactFilter(Set.of(), null, 200L, 300L), 0, 10).contacts()))
      .containsExactly("h2", "b1");
    assertThat(ids(view.page(new ContactFilter(Set.of(), null, null, null, BoundingBox.parse("19,9,22,12")), 0, 10)
      .contacts())).as("a contact without a position is in no box").containsExactly("i1", "h1");
    ContactQueries.Page second = view.page(new ContactFilter(Set.of(), "radar", null, null), 1, 10);
    assertThat(ids(second.contacts())).containsExactly("h2");
    assertThat(second.total()).isEqualTo(2);

    ContactQueries.Page actionable = view.actionable(1);
    assertThat(ids(actionable.contacts())).as("most urgent first").containsExactly("i1");
    assertThat(actionable.total()).isEqualTo(2);
  }

  @Test
  @DisplayName("a rendered response is reused until a delta changes the view, and a failed render caches nothing")
  void renderedPerVersion() {
    PictureView view = new PictureView();
    view.load(List.of(contact("a", ThreatLevel.Benign, 1)));
    AtomicInteger renders = new AtomicInteger();
    java.util.function.Supplier<Buffer> render = () -> Buffer.buffer("v" + renders.incrementAndGet());
    assertThat(view.rendered("/x?limit=1", render).toString()).isEqualTo("v1");
    assertThat(view.rendered("/x?limit=1", render).toString()).isEqualTo("v1");
    assertThat(view.rendered("/x?limit=2", render).toString()).isEqualTo("v2");

    long before = view.version();
    view.apply(new JsonObject().put("contacts", new JsonArray().add(contact("a", ThreatLevel.Hostile, 2).toJson())));
    assertThat(view.version()).isGreaterThan(before);
    assertThat(view.rendered("/x?limit=1", render).toString()).as("rendered again after a change").isEqualTo("v3");

    view.apply(new JsonObject().put("contacts", new JsonArray().add(contact("a", ThreatLevel.Benign, 1).toJson())));
    view.apply(new JsonObject().put("removed", new JsonArray().add("unknown")));
    assertThat(view.rendered("/x?limit=1", render).toString()).as("an ignored delta changes nothing").isEqualTo("v3");

    try {
      view.rendered("/bad", () -> {
        throw ApiError.badParameter("bbox", "wrong");
      });
    } catch (ApiError expected) {
      // the refusal reaches the caller
    }
    assertThat(view.rendered("/bad", render).toString()).isEqualTo("v4");
  }

  @Nested
  @ExtendWith(VertxExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("on a running node")
  class OnANode {

    private static final int TTL_MS = 3000;
    private TestNodes.Running node;

    @BeforeAll
    void startNode() throws Exception {
      node = TestNodes.start(Map.of(Settings.CONTACT_TTL_MS, TTL_MS));
    }

    @AfterAll
    void stopNode() throws Exception {
      node.stop();
    }

    private Future<HttpResponse<Buffer>> list(Vertx vertx, String query) {
      WebClient client = WebClient.create(vertx);
      return client.get(node.tacticalPort(), "127.0.0.1", "/api/v1/contacts?" + query).send()
        .onComplete(done -> client.close());
    }

    private static boolean lists(HttpResponse<Buffer> response, String contactId) {
      return response.statusCode() == 200 && response.bodyAsJsonObject().getJsonArray("contacts").stream()
        .anyMatch(c -> ((JsonObject) c).getString("contactId").equals(contactId));
    }

    @Test
    @DisplayName("a contact folded after the API started is listed, then no longer once it aged out")
    void foldedThenAgedOut(Vertx vertx, VertxTestContext testContext) {
      long deadline = System.currentTimeMillis() + 6 * TTL_MS;
      WebClient ingest = WebClient.create(vertx);
      ingest.post(node.ingestPort(), "127.0.0.1", "/api/v1/sensors/data")
        .sendJsonObject(Readings.comms("view-1", "view-node", "Military"))
        .compose(ack -> Attempts.until(vertx, () -> list(vertx, "limit=1000&sensorKind=CommsIntercept"),
          r -> lists(r, "C-view-node"), deadline))
        .compose(listed -> {
          testContext.verify(() -> assertThat(lists(listed, "C-view-node")).as("listed after the fold").isTrue());
          return Attempts.until(vertx, () -> list(vertx, "limit=1000"), r -> r.statusCode() == 200
            && !lists(r, "C-view-node"), deadline);
        })
        .onComplete(testContext.succeeding(after -> testContext.verify(() -> {
          assertThat(after.statusCode()).isEqualTo(200);
          assertThat(lists(after, "C-view-node")).as("listed after the time to live").isFalse();
          ingest.close();
          testContext.completeNow();
        })));
    }
  }
}
