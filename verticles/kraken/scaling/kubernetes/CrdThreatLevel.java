package kraken.scaling.kubernetes;

import kraken.bus.ThreatLevel;

/** The CRDs spell threat levels BENIGN, SUSPICIOUS, HOSTILE, IMMEDIATE; the picture spells them as {@link ThreatLevel}. */
public final class CrdThreatLevel {

  public static final String ALLOWED = "BENIGN, SUSPICIOUS, HOSTILE or IMMEDIATE";

  private CrdThreatLevel() {
  }

  /** @throws IllegalArgumentException naming the value and the allowed ones */
  public static ThreatLevel parse(String field, String crdName) {
    if (crdName == null) {
      throw new IllegalArgumentException(field + " is missing: expected " + ALLOWED);
    }
    return switch (crdName) {
      case "BENIGN" -> ThreatLevel.Benign;
      case "SUSPICIOUS" -> ThreatLevel.Suspicious;
      case "HOSTILE" -> ThreatLevel.Hostile;
      case "IMMEDIATE" -> ThreatLevel.ImmediateThreat;
      default -> throw new IllegalArgumentException(field + " '" + crdName + "': expected " + ALLOWED);
    };
  }

  public static String name(ThreatLevel level) {
    return switch (level) {
      case Benign -> "BENIGN";
      case Suspicious -> "SUSPICIOUS";
      case Hostile -> "HOSTILE";
      case ImmediateThreat -> "IMMEDIATE";
    };
  }
}
