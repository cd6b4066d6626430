package kraken.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import kraken.bus.Addresses;
import kraken.bus.AssessmentBatch;
import kraken.bus.ContactUpdate;
import kraken.bus.PipelineReceipt;
import kraken.bus.RecommendedAction;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;

import java.util.List;

/**
 * Assessment batches made by hand and sent to a node's tactical verticle on its own event bus, as inference would:
 * for tests that need an exact level, action, time to threat or degradation, whatever the scorer would say.
 */
public final class Assessments {

  private Assessments() {
  }

  /** One reading's update of contact {@code C-<sensorId>}; {@code degradedReason} null means not degraded. */
  public static ContactUpdate update(String sensorId, String sensorKind, String readingId, ThreatLevel level,
                                     RecommendedAction action, Long timeToThreatMs, String degradedReason) {
    long now = System.currentTimeMillis();
    ThreatAssessment assessment = new ThreatAssessment("C-" + sensorId, level, 0.9, null, action, timeToThreatMs,
      List.of("by hand in a test"), List.of(degradedReason == null ? "test-1" : "rules-1"), degradedReason != null,
      degradedReason, now);
    return new ContactUpdate(assessment, List.of(sensorId), List.of(sensorKind), readingId, now, now, now,
      new long[] {ContactUpdate.readingKey(sensorId, readingId)});
  }

  /** Sends the updates as one batch to tactical on the node's bus; completes with tactical's receipt. */
  public static Future<PipelineReceipt> send(Vertx nodeVertx, List<ContactUpdate> updates) {
    int readings = updates.stream().mapToInt(ContactUpdate::readingCount).sum();
    return nodeVertx.eventBus().<PipelineReceipt>request(Addresses.ASSESSMENTS,
      new AssessmentBatch("test", readings, updates)).map(reply -> reply.body());
  }
}
