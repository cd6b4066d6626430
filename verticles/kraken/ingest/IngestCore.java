package kraken.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import kraken.bus.Addresses;
import kraken.bus.PipelineFailure;
import kraken.bus.PipelineReceipt;
import kraken.bus.ReadingBatch;
import kraken.bus.SensorReading;
import kraken.config.Settings;
import kraken.ingest.Problem.Reason;
import kraken.ops.InFlight;
import kraken.ops.Meters;
import kraken.storage.ReadingStore;
import kraken.storage.StorageException;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every ingest transport shares: admission (the bound on batches in flight), handing a judged batch to the
 * pipeline with a future acknowledgement, telling the sender the truth when the pipeline fails, and counting
 * every reading as accepted or refused by reason. Transports (HTTP, TCP) only decode and answer their own way.
 * One core per ingest verticle instance; it is used from that instance's event loop only.
 */
public final class IngestCore {

  private final Vertx vertx;
  private final String nodeId;
  private final int maxInFlight;
  private final long maxInFlightBytes;
  private long inFlightBytes;
  private final DeliveryOptions pipelineDelivery;
  private final InFlight inFlight = new InFlight();
  private final Counter accepted;
  private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
  /** Raw readings to PostgreSQL before they are acknowledged ({@code readings.persist}); null when off. */
  private final ReadingStore store;

  /** Why the pipeline refused a batch, with the HTTP status that says so (TCP sends the reason code). */
  public record Refusal(int status, Problem problem) {
  }

  /** A failed acknowledgement: the batch was refused, and why. */
  public static final class Refused extends RuntimeException {
    private final Refusal refusal;

    Refused(Refusal refusal) {
      super(refusal.problem().message(), null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  public IngestCore(Vertx vertx, JsonObject config, MeterRegistry meters) {
    this.vertx = vertx;
    this.nodeId = Settings.NODE_ID.from(config);
    this.maxInFlight = Settings.INGEST_MAX_IN_FLIGHT.from(config);
    this.maxInFlightBytes = Settings.INGEST_MAX_IN_FLIGHT_BYTES.from(config);
    // A node that runs inference scores its own readings: the batch (payloads included) does not cross the cluster.
    this.pipelineDelivery = new DeliveryOptions().setSendTimeout(Settings.INGEST_PIPELINE_TIMEOUT_MS.from(config))
      .setLocalOnly(Settings.VERTICLES.from(config).contains("inference"));
    this.accepted = Meters.readingsAccepted(meters);
    for (Reason reason : Reason.values()) {
      rejected.put(reason, Meters.readingsRejected(meters, reason.name()));
    }
    this.store = ReadingStore.enabled(config) ? ReadingStore.create(vertx, config) : null;
  }

  /** Null when another batch may enter the pipeline; otherwise the problem to refuse it with (503, overloaded). */
  public Problem admission() {
    return admission(0);
  }

  /**
   * Null when a batch of about {@code incomingBytes} may enter the pipeline; otherwise the problem to refuse it
   * with. Work is bounded in batches and in bytes, so large payloads cannot fill the heap; a batch larger than
   * the byte bound is still taken when nothing else is in flight, so it is never starved.
   */
  public Problem admission(long incomingBytes) {
    Problem batches = batchAdmission();
    if (batches != null) {
      return batches;
    }
    if (inFlightBytes > 0 && inFlightBytes + incomingBytes > maxInFlightBytes) {
      return Problem.ofRequest(Reason.overloaded, "ingest holds " + inFlightBytes + " bytes of readings in the "
        + "pipeline already, and " + incomingBytes + " more would pass ingest.maxInFlightBytes (" + maxInFlightBytes
        + "); retry after 1 s");
    }
    return null;
  }

  /**
   * Counts bytes a transport holds before they become readings (a request body being received and parsed), so
   * that admission sees them: without this, hundreds of concurrent uploads could fill the heap before any of them
   * reached the pipeline. Give them back with {@link #release}.
   */
  public void reserve(long bytes) {
    inFlightBytes += bytes;
  }

  public void release(long bytes) {
    inFlightBytes -= bytes;
  }

  /** Null when one more batch may enter the pipeline now; the problem otherwise. */
  private Problem batchAdmission() {
    if (inFlight.count() >= maxInFlight) {
      return Problem.ofRequest(Reason.overloaded, "ingest has " + inFlight.count()
        + " batches in the pipeline already (ingest.maxInFlightBatches); retry after 1 s");
    }
    return null;
  }

  /** Roughly what a reading holds in memory: its payload and its fields. */
  static long sizeOf(List<SensorReading> readings) {
    long bytes = 0;
    for (SensorReading r : readings) {
      bytes += r.payload().length + 2L * (r.id().length() + r.sensorId().length()) + 96;
    }
    return bytes;
  }

  public int inFlight() {
    return inFlight.count();
  }

  /**
   * Hands judged readings to the pipeline. Succeeds once they are safe (in the picture, and in PostgreSQL when
   * {@code readings.persist} promises it), counting them as accepted; fails with {@link Refused} saying whether
   * they were taken. The raw readings are stored first, so a storage refusal truthfully says "not taken".
   */
  public Future<PipelineReceipt> submit(List<SensorReading> readings, long receivedAt) {
    // Checked again here: a transport may admit work before reading it (HTTP admits on headers), and many requests
    // may have been admitted since.
    Problem overloaded = batchAdmission();
    if (overloaded != null) {
      countRejected(overloaded.reason(), readings.size());
      return Future.failedFuture(new Refused(new Refusal(503, overloaded)));
    }
    inFlight.begin();
    long bytes = sizeOf(readings);
    inFlightBytes += bytes;
    ReadingBatch batch = new ReadingBatch(nodeId, receivedAt, readings);
    Future<Void> kept = store == null ? Future.succeededFuture() : store.write(batch);
    return kept.compose(v -> vertx.eventBus().<PipelineReceipt>request(Addresses.READINGS, batch, pipelineDelivery))
      .onComplete(done -> {
        inFlight.end();
        inFlightBytes -= bytes;
      })
      .transform(reply -> {
        if (reply.succeeded()) {
          accepted.increment(readings.size());
          return Future.succeededFuture(reply.result().body());
        }
        Refusal refusal = refusalFor(reply.cause());
        countRejected(refusal.problem().reason(), readings.size());
        return Future.failedFuture(new Refused(refusal));
      });
  }

  /** Counts readings refused for one reason. */
  public void countRejected(Reason reason, int readings) {
    rejected.get(reason).increment(readings);
  }

  /**
   * Counts the readings of a request refused for its problems: each reading under its first problem's reason,
   * readings with no problem of their own under {@code rejected_with_batch} (a request is all or nothing).
   */
  public void countRejected(List<Problem> problems, int readings) {
    Map<Integer, Reason> firstReason = new HashMap<>();
    problems.forEach(p -> firstReason.putIfAbsent(p.reading(), p.reason()));
    for (int i = 0; i < readings; i++) {
      rejected.get(firstReason.getOrDefault(i, Reason.rejected_with_batch)).increment();
    }
  }

  /** Completes when no batch is in the pipeline any more (or after {@code timeoutMs}), then closes the store. */
  public Future<Void> drained(long timeoutMs) {
    return inFlight.drained(vertx, timeoutMs).compose(v -> store == null ? Future.succeededFuture() : store.close());
  }

  /** With readings.persist the raw readings are stored before the pipeline is asked: say so in its refusals. */
  private String storedAnyway() {
    return store == null ? "" : " into the picture (their raw form is already in PostgreSQL; resending stores nothing "
      + "twice)";
  }

  /** How a pipeline failure is told to the sender: the truth about whether the readings were taken. */
  private Refusal refusalFor(Throwable failure) {
    if (failure instanceof StorageException storage) {
      return new Refusal(storage.retryable() ? 503 : 500,
        Problem.ofRequest(Reason.valueOf(storage.reason()), storage.getMessage()));
    }
    ReplyException reply = failure instanceof ReplyException r ? r : null;
    if (reply != null && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return new Refusal(503, Problem.ofRequest(Reason.pipeline_unavailable,
        "no inference node is running; the readings were not taken" + storedAnyway() + ", retry later"));
    }
    boolean downstream = reply != null && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE;
    if ((reply != null && reply.failureType() == ReplyFailure.TIMEOUT)
      || (downstream && reply.failureCode() == PipelineFailure.TIMEOUT)) {
      return new Refusal(503, Problem.ofRequest(Reason.pipeline_timeout, "the pipeline did not confirm within "
        + pipelineDelivery.getSendTimeout() + " ms (ingest.pipelineTimeoutMs); the readings may already be in the "
        + "picture, and resending them is safe: a reading is counted once"));
    }
    if (downstream && reply.failureCode() == PipelineFailure.UNAVAILABLE) {
      return new Refusal(503, Problem.ofRequest(Reason.pipeline_unavailable,
        reply.getMessage() + "; the readings were not taken" + storedAnyway() + ", retry later"));
    }
    return new Refusal(500, Problem.ofRequest(Reason.pipeline_failed, failure.getMessage()
      + "; some readings may be in the picture; resending them is safe but will most likely fail again"));
  }
}
