package kraken.inference;

import java.util.List;

/** The five model roles KRAKEN serves; a model's {@link ModelCard#name()} is its role. */
public final class ModelRoles {

  public static final String SONAR = "sonar";
  public static final String SATELLITE = "satellite";
  public static final String COMMS = "comms";
  public static final String FUSION = "fusion";
  public static final String ANOMALY = "anomaly";
  public static final List<String> ALL = List.of(SONAR, SATELLITE, COMMS, FUSION, ANOMALY);

  private ModelRoles() {
  }
}
