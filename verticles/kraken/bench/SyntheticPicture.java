package kraken.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import kraken.bus.Addresses;
import kraken.bus.AssessmentBatch;
import kraken.bus.ContactUpdate;
import kraken.bus.PipelineReceipt;
import kraken.bus.RecommendedAction;
import kraken.bus.SensorKind;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * A picture of {@code contacts} synthetic contacts put in through the real fold: {@link AssessmentBatch}es sent to
 * {@link Addresses#ASSESSMENTS}, as inference sends them, so the contacts are stored, indexed and published exactly
 * as in service. The threat mix is fixed by the contact's index: a {@code threatShare} of the contacts are active
 * threats (Hostile and ImmediateThreat, alternately), a tenth Suspicious, the rest Benign; a change of a contact keeps
 * its level and brings a new reading, so the fold counts it as a change and every console receives it.
 */
final class SyntheticPicture {

  static final int BATCH_UPDATES = 500;
  private static final int BATCHES_IN_FLIGHT = 4;
  private static final SensorKind[] KINDS = SensorKind.values();

  private final Vertx vertx;
  private final int contacts;
  private final double threatShare;
  private final AtomicLong readings = new AtomicLong();

  SyntheticPicture(Vertx vertx, int contacts, double threatShare) {
    this.vertx = vertx;
    this.contacts = contacts;
    this.threatShare = threatShare;
  }

  static String contactId(int index) {
    return "C-bench-" + index;
  }

  /** The level contact {@code index} has: threats spread evenly through the indexes. */
  ThreatLevel levelOf(int index) {
    long threatsBefore = (long) Math.floor(index * threatShare);
    long threatsThrough = (long) Math.floor((index + 1) * threatShare);
    if (threatsThrough > threatsBefore) {
      return threatsThrough % 2 == 0 ? ThreatLevel.Hostile : ThreatLevel.ImmediateThreat;
    }
    return index % 10 == 3 ? ThreatLevel.Suspicious : ThreatLevel.Benign;
  }

  /** How many contacts of the picture are active threats (Hostile or ImmediateThreat). */
  int activeThreats() {
    return (int) Math.floor(contacts * threatShare);
  }

  /** Puts every contact in, {@link #BATCH_UPDATES} per batch with a few batches in flight; calls back per batch. */
  void fill(LongConsumer progress) throws InterruptedException {
    Semaphore slots = new Semaphore(BATCHES_IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int from = 0; from < contacts && failure.get() == null; from += BATCH_UPDATES) {
      List<Integer> indexes = new ArrayList<>(BATCH_UPDATES);
      for (int i = from; i < Math.min(contacts, from + BATCH_UPDATES); i++) {
        indexes.add(i);
      }
      slots.acquire();
      change(indexes).onComplete(done -> {
        if (done.failed()) {
          failure.compareAndSet(null, done.cause());
        } else {
          progress.accept(indexes.size());
        }
        slots.release();
      });
    }
    if (!slots.tryAcquire(BATCHES_IN_FLIGHT, 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the fold did not answer the last batches within 120 s");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the fold refused a batch: " + failure.get().getMessage(), failure.get());
    }
  }

  /** One new reading for each of these contacts, folded as one batch: each becomes a change in the picture. */
  Future<PipelineReceipt> change(List<Integer> indexes) {
    long now = System.currentTimeMillis();
    List<ContactUpdate> updates = new ArrayList<>(indexes.size());
    indexes.forEach(index -> updates.add(update(index, now)));
    return vertx.eventBus().<PipelineReceipt>request(Addresses.ASSESSMENTS,
        new AssessmentBatch("bench", updates.size(), updates), new DeliveryOptions().setSendTimeout(60_000))
      .map(reply -> reply.body());
  }

  private ContactUpdate update(int index, long now) {
    ThreatLevel level = levelOf(index);
    String contactId = contactId(index);
    String readingId = "bench-" + readings.incrementAndGet();
    String sensorId = "bench-sensor-" + (index % 997);
    ThreatAssessment assessment = new ThreatAssessment(contactId, level, 0.5 + (index % 50) / 100.0, null,
      actionFor(level), level.compareTo(ThreatLevel.Hostile) >= 0 ? 60_000L + index % 600_000 : null,
      List.of("bench: synthetic " + level + " contact " + index), List.of("rules-1"), false, null, now);
    return new ContactUpdate(assessment, List.of(sensorId), List.of(KINDS[index % KINDS.length].name()), readingId,
      now, now, now, new long[] {ContactUpdate.readingKey(sensorId, readingId)});
  }

  private static RecommendedAction actionFor(ThreatLevel level) {
    return switch (level) {
      case Benign -> RecommendedAction.Monitor;
      case Suspicious -> RecommendedAction.Track;
      case Hostile -> RecommendedAction.Intercept;
      case ImmediateThreat -> RecommendedAction.Engage;
    };
  }
}
