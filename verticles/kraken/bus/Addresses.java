package kraken.bus;

/**
 * Every event-bus address KRAKEN uses. No address string is spelled anywhere else.
 * Anything a browser may see starts with {@link #CONSOLE_PREFIX}; the SockJS bridge (tactical.ConsoleBridge) permits
 * exactly that, outbound only.
 */
public final class Addresses {

  /** Ingest to inference, request/reply: a {@link ReadingBatch}; the reply is a {@link PipelineReceipt}. */
  public static final String READINGS = "kraken.readings.batch";
  /** Inference to tactical, request/reply: an {@link AssessmentBatch}; the reply is a {@link PipelineReceipt}. */
  public static final String ASSESSMENTS = "kraken.assessments.batch";
  /** Every node to scaling, publish: a {@link LoadReport}. */
  public static final String LOAD_REPORTS = "kraken.scaling.load";
  /** Tactical to scaling, publish: a {@link ThreatReport}. */
  public static final String THREAT_REPORTS = "kraken.scaling.threat";

  /** Everything under this prefix is for consoles and carries plain JSON. */
  public static final String CONSOLE_PREFIX = "console.";
  /** Tactical to consoles, publish: {@code {"contacts": [ContactSummary...]}} for contacts that changed. */
  public static final String PICTURE_DELTA = CONSOLE_PREFIX + "picture.delta";
  /**
   * Tactical to consoles, publish: {@code {"type": "raised"|"updated"|"cleared", "alert": SystemAlert}} when a
   * system alert changes.
   */
  public static final String ALERTS = CONSOLE_PREFIX + "alerts";
  /** Scaling to consoles, publish: a {@link ScalingDecision} as JSON. */
  public static final String SCALING_DECISIONS = CONSOLE_PREFIX + "scaling.decision";

  private Addresses() {
  }
}
