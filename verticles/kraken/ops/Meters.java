package kraken.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** KRAKEN's own meters, named in one place. Prometheus shows them with a {@code kraken_} prefix. */
public final class Meters {

  public static final String READINGS_ACCEPTED = "kraken.readings.accepted";
  public static final String READINGS_REJECTED = "kraken.readings.rejected";
  public static final String INGEST_TO_PICTURE = "kraken.ingest.to.picture";
  public static final String CONTACT_UPDATES = "kraken.contact.updates";
  public static final String CONTACTS_AGED_OUT = "kraken.contacts.aged.out";
  public static final String WS_CLIENTS = "kraken.ws.clients";
  public static final String WS_MESSAGES = "kraken.ws.messages.sent";
  public static final String WS_DROPPED = "kraken.ws.clients.dropped";
  public static final String GRAPHQL_SUBSCRIPTIONS = "kraken.graphql.subscriptions";
  public static final String GRAPHQL_DROPPED = "kraken.graphql.subscribers.dropped";
  public static final String READINGS_DUPLICATE = "kraken.readings.duplicate";
  public static final String DEDUPE_EVICTIONS = "kraken.readings.dedupe.evicted";
  public static final String INFERENCE_BATCH_ROWS = "kraken.inference.batch.rows";
  public static final String INFERENCE_BATCH_WAIT = "kraken.inference.batch.wait";
  public static final String INFERENCE_BATCHES = "kraken.inference.batches";
  public static final String INFERENCE_ROWS = "kraken.inference.rows";
  public static final String INFERENCE_RUN = "kraken.inference.run";
  public static final String INFERENCE_QUEUED_ROWS = "kraken.inference.queued.rows";
  public static final String INFERENCE_MAX_ROWS = "kraken.inference.batch.max.rows";
  public static final String INFERENCE_MAX_WAIT = "kraken.inference.batch.max.wait";
  public static final String INFERENCE_MODELS = "kraken.inference.model.serving";
  public static final String INFERENCE_DEGRADED = "kraken.inference.degraded";
  public static final String INFERENCE_BREAKER_OPEN = "kraken.inference.breaker.open";
  public static final String PERSISTENCE_BUFFERED_ROWS = "kraken.persistence.buffered.rows";
  public static final String PERSISTENCE_WRITTEN = "kraken.persistence.written";
  public static final String PERSISTENCE_DROPPED = "kraken.persistence.dropped";
  public static final String PERSISTENCE_FAILURES = "kraken.persistence.failures";
  public static final String SCALING_REPLICAS = "kraken.scaling.replicas";
  public static final String SCALING_DECISIONS = "kraken.scaling.decisions";
  public static final String SCALING_ESCALATION_TO_SCALE = "kraken.scaling.escalation.to.scale";
  public static final String PERSISTENCE_SNAPSHOT_ROWS = "kraken.persistence.snapshot.rows";
  public static final String PICTURE_CONTACTS = "kraken.picture.contacts";
  public static final String SCALING_DESIRED = "kraken.scaling.desired.replicas";
  public static final String SCALING_MAX = "kraken.scaling.max.replicas";
  public static final String OPERATOR_RECORDS_PENDING = "kraken.operator.records.pending";
  public static final String OPERATOR_RECORDS_WRITTEN = "kraken.operator.records.written";
  public static final String OPERATOR_RECORDS_DEAD_LETTERED = "kraken.operator.records.dead.lettered";
  public static final String ALERTS_ACTIVE = "kraken.alerts.active";

  private Meters() {
  }

  /** Readings acknowledged to their sender ({@code kraken_readings_accepted_total}). */
  public static Counter readingsAccepted(MeterRegistry registry) {
    return Counter.builder(READINGS_ACCEPTED).description("Readings acknowledged to their sender")
      .register(registry);
  }

  /** Readings refused, by reason code ({@code kraken_readings_rejected_total{reason=...}}). */
  public static Counter readingsRejected(MeterRegistry registry, String reason) {
    return Counter.builder(READINGS_REJECTED).description("Readings refused, by reason")
      .tag("reason", reason).register(registry);
  }

  /** From ingest receiving a reading to its contact being written in the picture. */
  public static Timer ingestToPicture(MeterRegistry registry) {
    return Timer.builder(INGEST_TO_PICTURE).description("From ingest receiving a reading to its contact in the picture")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
      .register(registry);
  }

  /** Readings the picture already held (resent within the window), acknowledged again but counted once. */
  public static Counter readingsDuplicate(MeterRegistry registry) {
    return Counter.builder(READINGS_DUPLICATE).description("Resent readings recognised and counted once")
      .register(registry);
  }

  /** Reading keys a contact forgot before the window's end because it held too many (readings.dedupeMaxPerContact). */
  public static Counter dedupeEvictions(MeterRegistry registry) {
    return Counter.builder(DEDUPE_EVICTIONS).description("Reading keys forgot early: the contact's cap was reached")
      .register(registry);
  }

  /** Contact updates written to the picture. */
  public static Counter contactUpdates(MeterRegistry registry) {
    return Counter.builder(CONTACT_UPDATES).description("Contact updates written to the picture").register(registry);
  }

  /** Contacts removed because nothing updated them for {@code tactical.contactTtlMs} ({@code kraken_contacts_aged_out_total}). */
  public static Counter contactsAgedOut(MeterRegistry registry) {
    return Counter.builder(CONTACTS_AGED_OUT).description("Contacts removed from the picture as stale")
      .register(registry);
  }

  /** Clients connected to {@code /ws/tactical} now ({@code kraken_ws_clients}). */
  public static void wsClients(MeterRegistry registry, java.util.function.Supplier<Number> connected) {
    io.micrometer.core.instrument.Gauge.builder(WS_CLIENTS, connected).description("Clients connected to /ws/tactical")
      .register(registry);
  }

  /** Snapshots and deltas written to {@code /ws/tactical} clients ({@code kraken_ws_messages_sent_total}). */
  public static Counter wsMessages(MeterRegistry registry) {
    return Counter.builder(WS_MESSAGES).description("Messages (snapshots and deltas) written to /ws/tactical clients")
      .register(registry);
  }

  /** {@code /ws/tactical} clients closed because they did not read ({@code kraken_ws_clients_dropped_total}). */
  public static Counter wsDropped(MeterRegistry registry) {
    return Counter.builder(WS_DROPPED).description("/ws/tactical clients closed by the server, by reason")
      .tag("reason", "slow").register(registry);
  }

  /** GraphQL {@code pictureChanges} subscriptions open now ({@code kraken_graphql_subscriptions}). */
  public static void graphqlSubscriptions(MeterRegistry registry, java.util.function.Supplier<Number> open) {
    io.micrometer.core.instrument.Gauge.builder(GRAPHQL_SUBSCRIPTIONS, open)
      .description("GraphQL pictureChanges subscriptions open").register(registry);
  }

  /** GraphQL subscribers closed because they did not read ({@code kraken_graphql_subscribers_dropped_total}). */
  public static Counter graphqlDropped(MeterRegistry registry) {
    return Counter.builder(GRAPHQL_DROPPED).description("GraphQL subscribers' WebSockets closed by the server, by reason")
      .tag("reason", "slow").register(registry);
  }

  /** Picture rows waiting to be written to PostgreSQL ({@code kraken_persistence_buffered_rows}). */
  public static void persistenceBufferedRows(MeterRegistry registry, java.util.function.IntSupplier rows) {
    io.micrometer.core.instrument.Gauge.builder(PERSISTENCE_BUFFERED_ROWS, rows::getAsInt)
      .description("Picture rows waiting to be written to PostgreSQL").register(registry);
  }

  /** Picture rows written to PostgreSQL ({@code kraken_persistence_written_total}). */
  public static Counter persistenceWritten(MeterRegistry registry) {
    return Counter.builder(PERSISTENCE_WRITTEN).description("Picture rows written to PostgreSQL").register(registry);
  }

  /** Picture rows dropped unwritten: the buffer bound was reached, or PostgreSQL refused them for good. */
  public static Counter persistenceDropped(MeterRegistry registry) {
    return Counter.builder(PERSISTENCE_DROPPED).description("Picture rows dropped unwritten (buffer bound reached)")
      .register(registry);
  }

  /** Flushes of picture rows that PostgreSQL did not take ({@code kraken_persistence_failures_total}). */
  public static Counter persistenceFailures(MeterRegistry registry) {
    return Counter.builder(PERSISTENCE_FAILURES).description("Flushes of picture rows that failed").register(registry);
  }

  /** Contact snapshot rows written to PostgreSQL ({@code kraken_persistence_snapshot_rows_total}). */
  public static Counter persistenceSnapshotRows(MeterRegistry registry) {
    return Counter.builder(PERSISTENCE_SNAPSHOT_ROWS).description("Contact snapshot rows written to PostgreSQL")
      .register(registry);
  }

  /**
   * Operator records that wait in the grid for PostgreSQL (all of them, whichever member holds them), as of this
   * node's flusher's last look
   * ({@code kraken_operator_records_pending}).
   */
  public static void operatorRecordsPending(MeterRegistry registry, java.util.function.IntSupplier records) {
    io.micrometer.core.instrument.Gauge.builder(OPERATOR_RECORDS_PENDING, records::getAsInt)
      .description("Operator classifications and combat actions waiting in the grid for PostgreSQL").register(registry);
  }

  /** Operator records written to PostgreSQL ({@code kraken_operator_records_written_total}). */
  public static Counter operatorRecordsWritten(MeterRegistry registry) {
    return Counter.builder(OPERATOR_RECORDS_WRITTEN).description("Operator records written to PostgreSQL")
      .register(registry);
  }

  /**
   * Operator records PostgreSQL refused for good (not an outage: e.g. a character it cannot store), logged in full
   * and taken out of the grid so they do not block the others ({@code kraken_operator_records_dead_lettered_total}).
   */
  public static Counter operatorRecordsDeadLettered(MeterRegistry registry) {
    return Counter.builder(OPERATOR_RECORDS_DEAD_LETTERED)
      .description("Operator records PostgreSQL refused for good, logged and taken out of the grid").register(registry);
  }

  /** System alerts active in the picture, as this node last read them ({@code kraken_alerts_active}). */
  public static void alertsActive(MeterRegistry registry, java.util.function.IntSupplier alerts) {
    io.micrometer.core.instrument.Gauge.builder(ALERTS_ACTIVE, alerts::getAsInt)
      .description("System alerts active (stale sensors, degraded inference, lost members, persistence outage)")
      .register(registry);
  }

  /** Rows per model run, by role ({@code kraken_inference_batch_rows}). */
  public static DistributionSummary inferenceBatchRows(MeterRegistry registry, String role) {
    return DistributionSummary.builder(INFERENCE_BATCH_ROWS).description("Rows per model run (batch size)")
      .baseUnit("rows").tag("role", role)
      .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16_384, 65_536)
      .register(registry);
  }

  /** From a batch's first row to the batch closing, by role. */
  public static Timer inferenceBatchWait(MeterRegistry registry, String role) {
    return Timer.builder(INFERENCE_BATCH_WAIT).description("From a batch's first row to the batch closing")
      .tag("role", role).publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
      .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
  }

  /** Batches closed, by role and by what closed them: {@code size} (max rows) or {@code deadline} (max wait). */
  public static Counter inferenceBatches(MeterRegistry registry, String role, String reason) {
    return Counter.builder(INFERENCE_BATCHES).description("Model batches closed, by what closed them")
      .tag("role", role).tag("reason", reason).register(registry);
  }

  /** Rows run through a model, by role. */
  public static Counter inferenceRows(MeterRegistry registry, String role) {
    return Counter.builder(INFERENCE_ROWS).description("Rows run through a model").tag("role", role).register(registry);
  }

  /** ONNX Runtime's time for one batch, by role. */
  public static Timer inferenceRun(MeterRegistry registry, String role) {
    return Timer.builder(INFERENCE_RUN).description("One model run (a whole batch) in ONNX Runtime")
      .tag("role", role).publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
      .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
  }

  /** Assessments the rules made in place of the models, by reason ({@code kraken_inference_degraded_total}). */
  public static Counter inferenceDegraded(MeterRegistry registry, String reason) {
    return Counter.builder(INFERENCE_DEGRADED).description("Assessments made by the rules in place of the models, by reason")
      .tag("reason", reason).register(registry);
  }

  /** Contacts in the picture at one threat level, as tactical last counted them ({@code kraken_picture_contacts{level}}). */
  public static void pictureContacts(MeterRegistry registry, String level, java.util.function.IntSupplier contacts) {
    io.micrometer.core.instrument.Gauge.builder(PICTURE_CONTACTS, contacts::getAsInt)
      .description("Contacts in the picture at this threat level (tactical's last threat report)").tag("level", level)
      .register(registry);
  }

  /**
   * A scaling target as the scaler last decided it: replicas it has, replicas wanted, and the policy's ceiling
   * ({@code kraken_scaling_replicas}, {@code kraken_scaling_desired_replicas}, {@code kraken_scaling_max_replicas},
   * each tagged {@code target}), so dashboards draw replicas against decisions and an alert sees a scaler pinned at
   * its ceiling.
   */
  public static void scalingTarget(MeterRegistry registry, String target, java.util.function.Supplier<Number> replicas,
                                   java.util.function.Supplier<Number> desired, java.util.function.Supplier<Number> max) {
    io.micrometer.core.instrument.Gauge.builder(SCALING_REPLICAS, replicas).description("Replicas of a scaling target")
      .tag("target", target).register(registry);
    io.micrometer.core.instrument.Gauge.builder(SCALING_DESIRED, desired)
      .description("Replicas the scaler wants for a target").tag("target", target).register(registry);
    io.micrometer.core.instrument.Gauge.builder(SCALING_MAX, max)
      .description("The ceiling of a target's scaling policy").tag("target", target).register(registry);
  }

  /** Recorded scaling decisions by the signal that drove them ({@code kraken_scaling_decisions_total{signal=...}}). */
  public static Counter scalingDecisions(MeterRegistry registry, String signal) {
    return Counter.builder(SCALING_DECISIONS).description("Recorded scaling decisions, by the signal that drove them")
      .tag("signal", signal).register(registry);
  }

  /** From tactical's threat report of a higher level to the actuator's scale call. */
  public static Timer escalationToScale(MeterRegistry registry) {
    return Timer.builder(SCALING_ESCALATION_TO_SCALE)
      .description("From a threat report of a higher level to the scale call it caused")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
      .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
  }
}
