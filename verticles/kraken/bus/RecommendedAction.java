package kraken.bus;

/** What the crew should do about a contact, in increasing order of force. */
public enum RecommendedAction {
  Monitor, Track, Intercept, Engage, EmergencySurface
}
