package kraken.storage;

import kraken.bus.ThreatAssessment;

import java.util.UUID;

/**
 * One assessment as the picture recorded it: {@code id} is chosen once, when the row is buffered, so a batch written
 * again after a lost answer stores each row once; {@code recordedAt} is when tactical folded it (epoch ms).
 */
public record AssessmentRow(UUID id, ThreatAssessment assessment, long recordedAt) {

  public static AssessmentRow of(ThreatAssessment assessment, long recordedAt) {
    return new AssessmentRow(UUID.randomUUID(), assessment, recordedAt);
  }
}
