package kraken.bus;

/** Threat levels in increasing order of danger; {@code compareTo} orders them. */
public enum ThreatLevel {
  Benign, Suspicious, Hostile, ImmediateThreat;

  public ThreatLevel raised() {
    return this == ImmediateThreat ? this : values()[ordinal() + 1];
  }
}
