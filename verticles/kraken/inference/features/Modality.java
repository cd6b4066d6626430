package kraken.inference.features;

import kraken.bus.SensorKind;

import java.util.List;

/** Which classifier looks at a sensor kind: one model per modality, fused per contact. */
public enum Modality {
  SONAR(SensorKind.SonarActive, SensorKind.SonarPassive),
  SATELLITE(SensorKind.SatelliteOptical, SensorKind.SatelliteSignals),
  COMMS(SensorKind.CommsIntercept);

  private final List<SensorKind> kinds;

  Modality(SensorKind... kinds) {
    this.kinds = List.of(kinds);
  }

  public List<SensorKind> kinds() {
    return kinds;
  }

  public static Modality of(SensorKind kind) {
    return switch (kind) {
      case SonarActive, SonarPassive -> SONAR;
      case SatelliteOptical, SatelliteSignals -> SATELLITE;
      case CommsIntercept -> COMMS;
    };
  }

  /** A new extractor of this modality's features (not thread-safe: one per thread). */
  public FeatureExtractor extractor() {
    return switch (this) {
      case SONAR -> new SonarFeatures();
      case SATELLITE -> new SatelliteFeatures();
      case COMMS -> new CommsFeatures();
    };
  }
}
