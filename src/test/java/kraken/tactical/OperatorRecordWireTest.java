package kraken.tactical;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import kraken.bus.ContactSummary;
import kraken.bus.ContactUpdate;
import kraken.bus.OperatorAction;
import kraken.bus.OperatorClassification;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Operator records cross the wire in binary and land on the contact the same on primary and backup")
class OperatorRecordWireTest {

  private final SerializationService serialization = new DefaultSerializationServiceBuilder()
    .addDataSerializableFactory(TacticalGridTypes.FACTORY_ID, TacticalGridTypes.factory()).build();

  private static Contact seen() {
    Contact contact = Contact.named("C-1");
    ThreatAssessment a = new ThreatAssessment("C-1", ThreatLevel.Hostile, 0.8, null, RecommendedAction.Intercept,
      null, List.of("rule"), List.of("rules-1"), false, null, 5L);
    contact.fold(new ContactUpdate(a, List.of("s1"), List.of("SonarActive"), "a", 10L, 10L, 1L,
      new long[] {ContactUpdate.readingKey("s1", "a")}), 100L, new DuplicateWindow(30_000, 100_000));
    return contact;
  }

  @Test
  @DisplayName("a classification and an action applied on primary and shipped backup give the same contact, in binary and JSON")
  void appliedTheSameEverywhere() {
    Contact primary = seen();
    Contact backup = serialization.toObject(serialization.toData(primary));
    assertThat(primary.summary().operatorClassification()).isNull();
    assertThat(primary.summary().toJson().containsKey("operatorClassification")).isTrue();

    OperatorRecord classification = OperatorRecord.classification("C-1",
      new OperatorClassification("frigate", "lt-kim", "silhouette", 200L));
    OperatorRecord action = OperatorRecord.combatAction("C-1",
      new OperatorAction(RecommendedAction.Engage, "cdr-ames", "inside 2 km", 300L));
    for (OperatorRecord record : List.of(classification, action)) {
      ApplyOperatorRecord apply = new ApplyOperatorRecord(record);
      ApplyOperatorRecord shipped = serialization.toObject(serialization.toData(apply));
      ContactView onPrimary = apply.process(new AbstractMap.SimpleEntry<>("C-1", primary));
      shipped.process(new AbstractMap.SimpleEntry<>("C-1", backup));
      assertThat(backup.summary()).isEqualTo(onPrimary.summary());
    }
    ContactSummary now = primary.summary();
    assertThat(now.operatorClassification()).isEqualTo(new OperatorClassification("frigate", "lt-kim", "silhouette", 200L));
    assertThat(now.operatorAction()).isEqualTo(new OperatorAction(RecommendedAction.Engage, "cdr-ames", "inside 2 km", 300L));
    assertThat(now.updatedAt()).isEqualTo(300L);
    Contact copy = serialization.toObject(serialization.toData(primary));
    assertThat(copy.summary()).isEqualTo(now);
    ContactView view = serialization.toObject(serialization.toData(new ContactView(now)));
    assertThat(view.summary()).isEqualTo(now);
    assertThat(ContactSummary.fromJson(now.toJson())).isEqualTo(now);

    OperatorRecord stored = serialization.toObject(serialization.toData(action));
    assertThat(stored.row()).isEqualTo(action.row());
    assertThat(stored.toJson().getString("action")).isEqualTo("Engage");
  }

  @Test
  @DisplayName("a record for a contact that does not exist changes nothing and answers null")
  void unknownContact() {
    Map.Entry<String, Contact> none = new AbstractMap.SimpleEntry<>("C-2", null);
    ApplyOperatorRecord apply = new ApplyOperatorRecord(OperatorRecord.classification("C-2",
      new OperatorClassification("frigate", "lt-kim", "silhouette", 200L)));
    assertThat(apply.process(none)).isNull();
    assertThat(none.getValue()).isNull();
  }
}
