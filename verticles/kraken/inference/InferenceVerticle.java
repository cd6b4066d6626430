package kraken.inference;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import kraken.bus.Addresses;
import kraken.bus.AssessmentBatch;
import kraken.bus.ContactUpdate;
import kraken.bus.PipelineReceipt;
import kraken.bus.ReadingBatch;
import kraken.bus.SensorReading;
import kraken.bus.ThreatAssessment;
import kraken.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Scores reading batches and sends one assessment per contact to tactical. Replies to ingest with the
 * receipt tactical gives, so a reading is acknowledged only once it is in the picture.
 */
public final class InferenceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceVerticle.class);
  /** Evidence lines kept per contact update; more would only bloat the picture. */
  private static final int MAX_EVIDENCE = 8;

  private final RuleBasedScorer scorer = new RuleBasedScorer();
  private String nodeId;
  private DeliveryOptions toTactical;
  private MessageConsumer<ReadingBatch> consumer;

  @Override
  public Future<?> start() {
    nodeId = Settings.NODE_ID.from(config());
    toTactical = new DeliveryOptions().setSendTimeout(Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config()));
    consumer = vertx.eventBus().consumer(Addresses.READINGS, this::assess);
    return consumer.completion()
      .onSuccess(v -> LOG.info("inference scoring with {} on {}", RuleBasedScorer.MODEL_VERSION, Addresses.READINGS));
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  private void assess(Message<ReadingBatch> message) {
    ReadingBatch batch = message.body();
    AssessmentBatch assessed = new AssessmentBatch(nodeId, batch.readings().size(), updates(batch));
    vertx.eventBus().<PipelineReceipt>request(Addresses.ASSESSMENTS, assessed, toTactical)
      .onSuccess(receipt -> message.reply(receipt.body()))
      .onFailure(failure -> message.fail(503, tacticalFailure(failure)));
  }

  /** Groups the batch by contact and fuses each contact's readings: the most dangerous reading decides. */
  private List<ContactUpdate> updates(ReadingBatch batch) {
    Map<String, List<SensorReading>> byContact = new LinkedHashMap<>();
    for (SensorReading reading : batch.readings()) {
      byContact.computeIfAbsent(ContactKeys.contactOf(reading), k -> new ArrayList<>()).add(reading);
    }
    long now = System.currentTimeMillis();
    List<ContactUpdate> updates = new ArrayList<>(byContact.size());
    byContact.forEach((contactId, readings) -> updates.add(fuse(contactId, readings, batch.receivedAt(), now)));
    return updates;
  }

  private ContactUpdate fuse(String contactId, List<SensorReading> readings, long receivedAt, long now) {
    RuleBasedScorer.Score worst = null;
    LinkedHashSet<String> evidence = new LinkedHashSet<>();
    LinkedHashSet<String> sensorIds = new LinkedHashSet<>();
    LinkedHashSet<String> kinds = new LinkedHashSet<>();
    Long timeToThreat = null;
    SensorReading latest = readings.get(0);
    for (SensorReading reading : readings) {
      RuleBasedScorer.Score score = scorer.score(reading);
      if (worst == null || score.level().compareTo(worst.level()) > 0
        || (score.level() == worst.level() && score.confidence() > worst.confidence())) {
        worst = score;
      }
      if (score.timeToThreatMs() != null && (timeToThreat == null || score.timeToThreatMs() < timeToThreat)) {
        timeToThreat = score.timeToThreatMs();
      }
      score.evidence().stream().limit(MAX_EVIDENCE - evidence.size()).forEach(evidence::add);
      sensorIds.add(reading.sensorId());
      kinds.add(reading.sensorType().name());
      if (reading.timestamp() >= latest.timestamp()) {
        latest = reading;
      }
    }
    RuleBasedScorer.Score decided = new RuleBasedScorer.Score(worst.level(), worst.confidence(), timeToThreat, List.of());
    ThreatAssessment assessment = new ThreatAssessment(contactId, decided.level(), decided.confidence(),
      decided.action(), timeToThreat, new ArrayList<>(evidence), RuleBasedScorer.MODEL_VERSION, now);
    return new ContactUpdate(assessment, new ArrayList<>(sensorIds), new ArrayList<>(kinds), readings.size(),
      latest.id(), latest.timestamp(), receivedAt);
  }

  private static String tacticalFailure(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return "no tactical node is running";
    }
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return "tactical did not confirm in time";
    }
    return "tactical failed: " + failure.getMessage();
  }
}
