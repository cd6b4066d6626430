package kraken.simulation;

/** What, if anything, is wrong with a reading; the truth of the anomaly detector. */
public enum Anomaly {
  /** A genuine reading. */
  None,
  /** Planted by someone else: a synthetic too-clean signal, or fields that contradict the payload or geometry. */
  Spoofed,
  /** Damaged in transit: flipped bits, zeroed or garbage chunks. */
  Corrupted,
  /** A sensor going wrong: stuck, clipped, DC offset or a dead channel. */
  FaultySensor
}
