package kraken.inference;

import kraken.bus.Priority;
import kraken.bus.RecommendedAction;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.bus.ThreatLevel;

import java.util.ArrayList;
import java.util.List;

/**
 * A transparent, rule-based threat scorer: every rule that fires says so in the evidence. It stands in until
 * the ONNX models arrive; its rules are written for the seed's sensor kinds and are deliberately simple.
 */
public final class RuleBasedScorer {

  public static final String MODEL_VERSION = "rules-1";

  /** Speed of sound in sea water, m/s: turns an echo's round trip into a range. */
  static final double SOUND_SPEED_M_S = 1500;
  /** Closing speed assumed for time-to-threat when nothing better is known, m/s (about 20 knots). */
  static final double ASSUMED_CLOSING_SPEED_M_S = 10;

  /** What the rules concluded about one reading. */
  public record Score(ThreatLevel level, double confidence, Long timeToThreatMs, List<String> evidence) {

    public RecommendedAction action() {
      return Doctrine.action(level, timeToThreatMs);
    }
  }

  public Score score(SensorReading reading) {
    List<String> evidence = new ArrayList<>();
    Score base = byKind(reading.sensorType(), evidence);
    if (reading.priority() == Priority.Critical && base.level() != ThreatLevel.ImmediateThreat) {
      evidence.add("sensor " + reading.sensorId() + " flagged the reading Critical: level raised one step");
      return new Score(base.level().raised(), base.confidence(), base.timeToThreatMs(), evidence);
    }
    return base;
  }

  private static Score byKind(SensorType type, List<String> evidence) {
    if (type instanceof SensorType.SonarActive s) {
      return activeSonar(s, evidence);
    } else if (type instanceof SensorType.SonarPassive s) {
      return passiveSonar(s, evidence);
    } else if (type instanceof SensorType.SatelliteOptical s) {
      return optical(s, evidence);
    } else if (type instanceof SensorType.SatelliteSignals s) {
      return signals(s, evidence);
    } else if (type instanceof SensorType.CommsIntercept s) {
      return comms(s, evidence);
    }
    throw new IllegalArgumentException("no rules for sensor type " + type.name());
  }

  private static Score activeSonar(SensorType.SonarActive s, List<String> evidence) {
    double rangeM = s.returnTimeMs() / 1000.0 * SOUND_SPEED_M_S / 2;
    long timeToThreatMs = Math.round(rangeM / ASSUMED_CLOSING_SPEED_M_S * 1000);
    double confidence = Math.min(0.99, 0.5 + 0.5 * s.pingStrength());
    String echo = "active sonar echo of strength " + fixed(s.pingStrength(), 2) + " at " + fixed(rangeM, 0) + " m";
    ThreatLevel level;
    if (s.pingStrength() >= 0.5 && rangeM < 2000) {
      level = ThreatLevel.ImmediateThreat;
      evidence.add(echo + ": strong echo inside 2000 m");
    } else if (s.pingStrength() >= 0.3 && rangeM < 10_000) {
      level = ThreatLevel.Hostile;
      evidence.add(echo + ": solid echo inside 10000 m");
    } else if (s.pingStrength() >= 0.3) {
      level = ThreatLevel.Suspicious;
      evidence.add(echo + ": solid echo beyond 10000 m");
    } else {
      level = ThreatLevel.Benign;
      evidence.add(echo + ": weak echo");
    }
    return new Score(level, confidence, timeToThreatMs, evidence);
  }

  private static Score passiveSonar(SensorType.SonarPassive s, List<String> evidence) {
    double hz = s.frequencyMhz() * 1_000_000;
    String tonal = "passive tonal at " + fixed(hz, 0) + " Hz, bearing " + fixed(s.bearing(), 1);
    if (hz >= 20_000) {
      evidence.add(tonal + ": in the torpedo seeker band (20 kHz and above)");
      return new Score(ThreatLevel.Hostile, 0.7, null, evidence);
    }
    if (hz >= 20 && hz <= 500) {
      evidence.add(tonal + ": machinery band (20 to 500 Hz), consistent with a propulsion plant");
      return new Score(ThreatLevel.Suspicious, 0.6, null, evidence);
    }
    evidence.add(tonal + ": outside the machinery and seeker bands");
    return new Score(ThreatLevel.Benign, 0.5, null, evidence);
  }

  private static Score optical(SensorType.SatelliteOptical s, List<String> evidence) {
    double confidence = s.zoomLevel() >= 15 ? 0.8 : 0.5;
    evidence.add("optical detection at " + fixed(s.lat(), 4) + ", " + fixed(s.lon(), 4) + " (zoom "
      + s.zoomLevel() + "): position only, no hostile indicator");
    return new Score(ThreatLevel.Benign, confidence, null, evidence);
  }

  private static Score signals(SensorType.SatelliteSignals s, List<String> evidence) {
    SensorType.FrequencyRange band = s.frequencyRange();
    boolean xBand = band.lowMhz() <= 12_000 && band.highMhz() >= 8_000;
    String emitter = "emitter " + fixed(band.lowMhz(), 0) + "-" + fixed(band.highMhz(), 0) + " MHz at "
      + fixed(s.signalStrength(), 1) + " dBm";
    if (xBand && s.signalStrength() >= -70) {
      evidence.add(emitter + ": strong X-band emission, typical of fire-control radar");
      return new Score(ThreatLevel.Hostile, 0.75, null, evidence);
    }
    if (s.signalStrength() >= -60) {
      evidence.add(emitter + ": strong emitter nearby");
      return new Score(ThreatLevel.Suspicious, 0.6, null, evidence);
    }
    evidence.add(emitter + ": weak or distant emitter");
    return new Score(ThreatLevel.Benign, 0.5, null, evidence);
  }

  private static Score comms(SensorType.CommsIntercept s, List<String> evidence) {
    String intercept = "intercept at " + fixed(s.frequencyMhz(), 3) + " MHz, encryption " + s.encryptionType();
    return switch (s.encryptionType()) {
      case Military -> {
        evidence.add(intercept + ": military-grade encryption");
        yield new Score(ThreatLevel.Suspicious, 0.7, null, evidence);
      }
      case Unknown -> {
        evidence.add(intercept + ": unidentified encryption");
        yield new Score(ThreatLevel.Suspicious, 0.5, null, evidence);
      }
      case None, Commercial -> {
        evidence.add(intercept + ": civilian traffic");
        yield new Score(ThreatLevel.Benign, 0.6, null, evidence);
      }
    };
  }

  /**
   * A number with {@code digits} decimals, rounded half up, as {@code String.format("%.Nf")} writes it in the
   * root locale; String.format was a fifth of a one-JVM TCP profile (it builds locale symbols on every call).
   */
  static String fixed(double value, int digits) {
    return java.math.BigDecimal.valueOf(value).setScale(digits, java.math.RoundingMode.HALF_UP).toPlainString();
  }
}
