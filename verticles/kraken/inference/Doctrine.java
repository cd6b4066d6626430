package kraken.inference;

import kraken.bus.RecommendedAction;
import kraken.bus.ThreatLevel;

/**
 * What to do about a contact, from its threat level and time to threat: written doctrine, not learned, so that an
 * operator can predict it and every scorer (rules or models) recommends the same thing for the same situation.
 */
public final class Doctrine {

  /** A hostile contact closer than this in time is engaged rather than intercepted. */
  static final long ENGAGE_WITHIN_MS = 300_000;
  /** An immediate threat closer than this in time leaves only evasion. */
  static final long EVADE_WITHIN_MS = 60_000;

  private Doctrine() {
  }

  public static RecommendedAction action(ThreatLevel level, Long timeToThreatMs) {
    return switch (level) {
      case Benign -> RecommendedAction.Monitor;
      case Suspicious -> RecommendedAction.Track;
      case Hostile -> timeToThreatMs != null && timeToThreatMs < ENGAGE_WITHIN_MS ? RecommendedAction.Engage
        : RecommendedAction.Intercept;
      case ImmediateThreat -> timeToThreatMs != null && timeToThreatMs < EVADE_WITHIN_MS
        ? RecommendedAction.EmergencySurface : RecommendedAction.Engage;
    };
  }
}
