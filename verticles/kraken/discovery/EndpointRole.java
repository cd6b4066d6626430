package kraken.discovery;

/**
 * The HTTP endpoints KRAKEN nodes publish. The record names are the names of the Kubernetes Services in
 * {@code k8s/base/services.yaml}, so a record a node published and one the Kubernetes bridge imported are found alike.
 */
public enum EndpointRole {
  /** POST /api/v1/sensors/data. */
  INGEST("kraken-ingest"),
  /** GET /api/v1/contacts, /ws/tactical, /eventbus. */
  TACTICAL("kraken-tactical");

  private final String recordName;

  EndpointRole(String recordName) {
    this.recordName = recordName;
  }

  public String recordName() {
    return recordName;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
