package kraken.tactical;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A contact folds each reading in once, within the duplicate window")
class ContactFoldTest {

  private static final DuplicateWindow WINDOW = new DuplicateWindow(30_000, 100_000);

  private static ContactUpdate update(ThreatLevel level, String sensor, long receivedAt, long firstAt, long lastAt,
                                      String... readingIds) {
    ThreatAssessment assessment = new ThreatAssessment("C-1", level, 0.6, null, RecommendedAction.Track, null,
      List.of("evidence of " + readingIds[readingIds.length - 1]), List.of("rules-1"), false, null, receivedAt);
    long[] keys = java.util.Arrays.stream(readingIds).mapToLong(id -> ContactUpdate.readingKey(sensor, id)).toArray();
    return new ContactUpdate(assessment, List.of(sensor), List.of("SonarPassive"), readingIds[readingIds.length - 1],
      firstAt, lastAt, receivedAt, keys);
  }

  @Test
  @DisplayName("a late update adds its readings to a contact but does not overwrite a newer assessment")
  void lateUpdateDoesNotOverwrite() {
    Contact contact = Contact.named("C-1");
    contact.fold(update(ThreatLevel.Hostile, "s1", 1L, 2_000L, 2_000L, "r-new"), 100L, WINDOW);
    contact.fold(update(ThreatLevel.Benign, "s2", 1L, 500L, 1_000L, "r-old-1", "r-old"), 200L, WINDOW);
    ContactSummary summary = contact.summary();
    assertThat(summary.threatLevel()).isEqualTo(ThreatLevel.Hostile);
    assertThat(summary.lastReadingId()).isEqualTo("r-new");
    assertThat(summary.readingCount()).isEqualTo(3);
    assertThat(summary.sensorIds()).containsExactly("s1", "s2");
    assertThat(summary.firstSeenAt()).as("the earliest reading of the late batch").isEqualTo(500L);
    assertThat(summary.lastSeenAt()).isEqualTo(2_000L);
    assertThat(summary.updatedAt()).isEqualTo(200L);
  }

  @Test
  @DisplayName("readings resent in another batch change nothing and are counted as duplicates")
  void resentReadingsChangeNothing() {
    Contact contact = Contact.named("C-1");
    contact.fold(update(ThreatLevel.Suspicious, "s1", 1_000L, 10L, 20L, "a", "b"), 100L, WINDOW);
    Contact.Outcome again = contact.fold(update(ThreatLevel.ImmediateThreat, "s1", 6_000L, 10L, 20L, "b", "a"), 200L,
      WINDOW);
    assertThat(again).isEqualTo(new Contact.Outcome(0, 2, 0));
    assertThat(contact.summary().readingCount()).isEqualTo(2);
    assertThat(contact.summary().threatLevel()).as("a duplicate cannot change the assessment")
      .isEqualTo(ThreatLevel.Suspicious);
    assertThat(contact.summary().updatedAt()).isEqualTo(100L);
  }

  @Test
  @DisplayName("a batch mixing resent and new readings counts only the new ones")
  void partialOverlapCountsNewReadings() {
    Contact contact = Contact.named("C-1");
    contact.fold(update(ThreatLevel.Benign, "s1", 1_000L, 10L, 20L, "a", "b"), 100L, WINDOW);
    Contact.Outcome mixed = contact.fold(update(ThreatLevel.Hostile, "s1", 2_000L, 20L, 30L, "b", "c"), 200L, WINDOW);
    assertThat(mixed).isEqualTo(new Contact.Outcome(1, 1, 0));
    assertThat(contact.summary().readingCount()).isEqualTo(3);
    assertThat(contact.summary().threatLevel()).isEqualTo(ThreatLevel.Hostile);
  }

  @Test
  @DisplayName("the same reading id from another sensor is another reading")
  void readingIdentityIncludesTheSensor() {
    Contact contact = Contact.named("C-1");
    contact.fold(update(ThreatLevel.Benign, "s1", 1_000L, 10L, 20L, "r-1"), 100L, WINDOW);
    assertThat(contact.fold(update(ThreatLevel.Benign, "s2", 1_000L, 10L, 20L, "r-1"), 200L, WINDOW).fresh())
      .isEqualTo(1);
    assertThat(ContactUpdate.readingKey("ab", "c")).isNotEqualTo(ContactUpdate.readingKey("a", "bc"));
  }

  @Test
  @DisplayName("the window is bounded: a reading resent long after the window counts again, as documented")
  void windowForgetsOldReadings() {
    Contact contact = Contact.named("C-1");
    contact.fold(update(ThreatLevel.Benign, "s1", 1_000L, 10L, 20L, "old"), 100L, WINDOW);
    contact.fold(update(ThreatLevel.Benign, "s1", 1_000L + 40_000L, 30L, 40L, "new"), 200L, WINDOW);
    assertThat(contact.heldReadingKeys()).isEqualTo(1);
    assertThat(contact.fold(update(ThreatLevel.Benign, "s1", 41_500L, 10L, 20L, "old"), 300L, WINDOW).fresh())
      .isEqualTo(1);
  }

  @Test
  @DisplayName("a reading folded out of order (received before the newest bucket) is still recognised a full window later")
  void lateReadingKeepsItsWindow() {
    long width = WINDOW.windowMs() / SeenReadings.BUCKETS;
    Contact contact = Contact.named("C-1");
    contact.fold(update(ThreatLevel.Benign, "s1", 8 * width, 10L, 20L, "a"), 100L, WINDOW);
    contact.fold(update(ThreatLevel.Benign, "s1", 12 * width, 10L, 20L, "b"), 100L, WINDOW);
    contact.fold(update(ThreatLevel.Benign, "s1", 11 * width, 10L, 20L, "late"), 100L, WINDOW);
    contact.fold(update(ThreatLevel.Benign, "s1", 15 * width, 10L, 20L, "c"), 100L, WINDOW);
    assertThat(contact.fold(update(ThreatLevel.Benign, "s1", 15 * width, 10L, 20L, "late"), 200L, WINDOW).duplicates())
      .as("resent %d ms after it was received, inside the %d ms window", 4 * width, WINDOW.windowMs()).isEqualTo(1);
  }

  @Test
  @DisplayName("past its cap a contact forgets its oldest keys early and says how many")
  void capEvictsOldestKeys() {
    DuplicateWindow small = new DuplicateWindow(40_000, 1_000);
    Contact contact = Contact.named("C-1");
    String[] first = IntStream.range(0, 800).mapToObj(i -> "a" + i).toArray(String[]::new);
    String[] second = IntStream.range(0, 800).mapToObj(i -> "b" + i).toArray(String[]::new);
    contact.fold(update(ThreatLevel.Benign, "s1", 0L, 10L, 20L, first), 100L, small);
    Contact.Outcome outcome = contact.fold(update(ThreatLevel.Benign, "s1", 11_000L, 10L, 20L, second), 200L, small);
    assertThat(outcome.evicted()).isEqualTo(800);
    assertThat(contact.heldReadingKeys()).isEqualTo(800);
  }

  @Test
  @DisplayName("contacts and folds cross the wire in binary and fold the same on a backup as on the primary")
  void binaryFormsRoundTrip() {
    SerializationService serialization = new DefaultSerializationServiceBuilder()
      .addDataSerializableFactory(TacticalGridTypes.FACTORY_ID, TacticalGridTypes.factory()).build();
    Contact primary = Contact.named("C-1");
    primary.fold(update(ThreatLevel.Hostile, "s1", 1_000L, 10L, 20L, "a", "b"), 100L, WINDOW);
    Data stored = serialization.toData(primary);
    Contact backup = serialization.toObject(stored);
    assertThat(backup.summary()).isEqualTo(primary.summary());
    assertThat(backup.heldReadingKeys()).isEqualTo(2);

    FoldReadings fold = new FoldReadings(update(ThreatLevel.ImmediateThreat, "s1", 2_000L, 20L, 30L, "b", "c"),
      300L, WINDOW);
    FoldReadings shipped = serialization.toObject(serialization.toData(fold));
    FoldReadings.Folded onPrimary = fold.process(new AbstractMap.SimpleEntry<>("C-1", primary));
    FoldReadings.Folded onBackup = shipped.process(new AbstractMap.SimpleEntry<>("C-1", backup));
    assertThat(onPrimary.outcome()).isEqualTo(new Contact.Outcome(1, 1, 0));
    assertThat(onBackup.outcome()).isEqualTo(onPrimary.outcome());
    assertThat(backup.summary()).isEqualTo(primary.summary());
    FoldReadings.Folded answered = serialization.toObject(serialization.toData(onPrimary));
    assertThat(answered.changed()).isEqualTo(onPrimary.changed());

    Map.Entry<String, Contact> unknown = new AbstractMap.SimpleEntry<>("C-2", null);
    assertThatThrownBy(() -> fold.process(unknown)).hasMessageContaining("without an update");
  }

  @Test
  @DisplayName("an assessment's uncertainty, models and degradation survive the fold, the binary forms and the view")
  void assessmentFieldsSurviveTheWire() {
    SerializationService serialization = new DefaultSerializationServiceBuilder()
      .addDataSerializableFactory(TacticalGridTypes.FACTORY_ID, TacticalGridTypes.factory()).build();
    ThreatAssessment modelMade = new ThreatAssessment("C-1", ThreatLevel.Hostile, 0.8, 0.25, RecommendedAction.Intercept,
      null, List.of("model evidence"), List.of("sonar-ab12cd", "fusion-34ef56"), false, null, 5L);
    ThreatAssessment degraded = new ThreatAssessment("C-1", ThreatLevel.Suspicious, 0.6, null, RecommendedAction.Track,
      null, List.of("rule evidence"), List.of("rules-1"), true, "saturated", 6L);
    Contact contact = Contact.named("C-1");
    contact.fold(new ContactUpdate(modelMade, List.of("s1"), List.of("SonarPassive"), "a", 10L, 10L, 1L,
      new long[] {ContactUpdate.readingKey("s1", "a")}), 100L, WINDOW);
    ContactSummary first = contact.summary();
    assertThat(first.uncertainty()).isEqualTo(0.25);
    assertThat(first.models()).containsExactly("sonar-ab12cd", "fusion-34ef56");
    assertThat(first.degraded()).isFalse();
    assertThat(first.degradedReason()).isNull();
    Contact copy = serialization.toObject(serialization.toData(contact));
    assertThat(copy.summary()).isEqualTo(first);

    FoldReadings fold = new FoldReadings(new ContactUpdate(degraded, List.of("s1"), List.of("SonarPassive"), "b", 20L,
      20L, 2L, new long[] {ContactUpdate.readingKey("s1", "b")}), 200L, WINDOW);
    FoldReadings shipped = serialization.toObject(serialization.toData(fold));
    shipped.process(new AbstractMap.SimpleEntry<>("C-1", copy));
    ContactSummary second = copy.summary();
    assertThat(second.uncertainty()).as("the rules do not measure uncertainty").isNull();
    assertThat(second.models()).containsExactly("rules-1");
    assertThat(second.degraded()).isTrue();
    assertThat(second.degradedReason()).isEqualTo("saturated");
    ContactView view = serialization.toObject(serialization.toData(new ContactView(second)));
    assertThat(view.summary()).isEqualTo(second);
    assertThat(ContactSummary.fromJson(second.toJson())).isEqualTo(second);
    assertThat(second.toJson().getString("degradedReason")).isEqualTo("saturated");
  }
}
