package kraken.inference;

import kraken.bus.ContactUpdate;
import kraken.bus.ReadingBatch;
import kraken.bus.SensorReading;
import kraken.bus.ThreatAssessment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns a reading batch into one update per contact. Within a contact the most dangerous reading decides the
 * level and confidence, and the time to threat is the soonest among readings at that level (a benign echo that is
 * close must not make a distant hostile one look imminent).
 */
public final class ContactFusion {

  /** Evidence lines kept per contact update; more would only bloat the picture. */
  static final int MAX_EVIDENCE = 8;
  private static final List<String> RULES = List.of(RuleBasedScorer.MODEL_VERSION);

  private final RuleBasedScorer scorer;

  public ContactFusion(RuleBasedScorer scorer) {
    this.scorer = scorer;
  }

  public List<ContactUpdate> updates(ReadingBatch batch, long now) {
    Map<String, List<SensorReading>> byContact = new LinkedHashMap<>();
    for (SensorReading reading : batch.readings()) {
      byContact.computeIfAbsent(ContactKeys.contactOf(reading), k -> new ArrayList<>()).add(reading);
    }
    List<ContactUpdate> updates = new ArrayList<>(byContact.size());
    byContact.forEach((contactId, readings) -> updates.add(fuse(contactId, readings, batch.receivedAt(), now)));
    return updates;
  }

  private ContactUpdate fuse(String contactId, List<SensorReading> readings, long receivedAt, long now) {
    List<RuleBasedScorer.Score> scores = new ArrayList<>(readings.size());
    RuleBasedScorer.Score worst = null;
    for (SensorReading reading : readings) {
      RuleBasedScorer.Score score = scorer.score(reading);
      scores.add(score);
      if (worst == null || score.level().compareTo(worst.level()) > 0
        || (score.level() == worst.level() && score.confidence() > worst.confidence())) {
        worst = score;
      }
    }
    LinkedHashSet<String> evidence = evidence(scores, worst);
    Long timeToThreat = null;
    for (RuleBasedScorer.Score score : scores) {
      if (score.level() == worst.level() && score.timeToThreatMs() != null
        && (timeToThreat == null || score.timeToThreatMs() < timeToThreat)) {
        timeToThreat = score.timeToThreatMs();
      }
    }
    RuleBasedScorer.Score decided = new RuleBasedScorer.Score(worst.level(), worst.confidence(), timeToThreat, List.of());
    ThreatAssessment assessment = new ThreatAssessment(contactId, decided.level(), decided.confidence(), null,
      decided.action(), timeToThreat, new ArrayList<>(evidence), RULES, false, null, now);
    return update(assessment, readings, receivedAt);
  }

  /**
   * A contact's update: its assessment with the readings behind it (sensors, kinds, the newest reading, the sensor
   * times of the first and last, each reading's key, and the geometry of those that measured any). The rules and the models build theirs here.
   */
  static ContactUpdate update(ThreatAssessment assessment, List<SensorReading> readings, long receivedAt) {
    LinkedHashSet<String> sensorIds = new LinkedHashSet<>();
    LinkedHashSet<String> kinds = new LinkedHashSet<>();
    SensorReading latest = readings.get(0);
    long earliest = Long.MAX_VALUE;
    long[] keys = new long[readings.size()];
    List<kraken.bus.Observation> observations = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      SensorReading reading = readings.get(i);
      kraken.bus.Observation observation = kraken.bus.Observation.of(reading);
      if (observation != null) {
        observations.add(observation);
      }
      sensorIds.add(reading.sensorId());
      kinds.add(reading.sensorType().name());
      if (reading.timestamp() >= latest.timestamp()) {
        latest = reading;
      }
      earliest = Math.min(earliest, reading.timestamp());
      keys[i] = ContactUpdate.readingKey(reading.sensorId(), reading.id());
    }
    return new ContactUpdate(assessment, new ArrayList<>(sensorIds), new ArrayList<>(kinds), latest.id(), earliest,
      latest.timestamp(), receivedAt, keys, observations);
  }

  /** The deciding reading's evidence first, then that of other readings at its level, then the rest, capped. */
  private static LinkedHashSet<String> evidence(List<RuleBasedScorer.Score> scores, RuleBasedScorer.Score worst) {
    LinkedHashSet<String> evidence = new LinkedHashSet<>(worst.evidence());
    scores.stream().filter(s -> s.level() == worst.level()).forEach(s -> evidence.addAll(s.evidence()));
    scores.forEach(s -> evidence.addAll(s.evidence()));
    return evidence.stream().limit(MAX_EVIDENCE).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
  }
}
