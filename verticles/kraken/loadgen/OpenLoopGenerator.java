package kraken.loadgen;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The open loop behind {@code kraken loadgen --mode open}: readings fall due on a fixed schedule
 * ({@link SendSchedule}) whatever the server does. Every millisecond the due ones join a queue, and each free
 * connection takes a request's worth from its head (at most {@code --batch} readings and the transport's body
 * limit); latency counts from the first reading's due time. Readings that would overflow the queue (more than
 * {@link #QUEUE_SECONDS} s of rate) are not sent and counted as such. All state lives on one event loop.
 */
public final class OpenLoopGenerator {

  static final int QUEUE_SECONDS = 10;
  /** After the schedule ends, how long requests still waiting for a connection may wait before we give up. */
  static final long DRAIN_LIMIT_MS = 30_000;

  private record DueReading(GeneratedReading reading, long dueNanos, int encodedSize) {
  }

  private record Request(List<GeneratedReading> readings, long intendedNanos) {
  }

  private final Vertx vertx;
  private final LoadPlan plan;
  private final Consumer<String> progressLine;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final OpenLoopTally tally = new OpenLoopTally();
  private final ArrayDeque<DueReading> waiting = new ArrayDeque<>();
  private final Promise<OpenLoopResult> done = Promise.promise();
  private Context context;
  private IngestTransport transport;
  private AckedIdsLog ackedIds;
  private ReadingFactory readings;
  private SendSchedule schedule;
  private long maxWaitingReadings;
  private int inFlightRequests;
  private long inFlightReadings;
  private long startNanos;
  private long startEpochMillis;
  private long measureFromNanos;
  private long generationTimer = -1;
  private long progressTimer = -1;
  private long drainTimer = -1;
  private boolean scheduleComplete;
  private boolean finished;
  private final ProgressMeter progress = new ProgressMeter();

  /** @param progressLine where the once-a-second progress line goes (stderr for the command) */
  public OpenLoopGenerator(Vertx vertx, LoadPlan plan, Consumer<String> progressLine) {
    this.vertx = vertx;
    this.plan = plan;
    this.progressLine = progressLine;
  }

  public Future<OpenLoopResult> run() {
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      try {
        start();
      } catch (RuntimeException e) {
        done.tryFail(e);
      }
    });
    return done.future();
  }

  private void start() {
    transport = IngestTransports.create(vertx, plan);
    ackedIds = AckedIdsLog.open(plan.ackedIdsFile());
    readings = new ReadingFactory(runId, plan.mix(), plan.sensors(), plan.seed());
    schedule = SendSchedule.of(plan.readingsPerSecond(), plan.warmup().plus(plan.duration()).toNanos());
    maxWaitingReadings = Math.max(plan.batchSize(), (long) (plan.readingsPerSecond() * QUEUE_SECONDS));
    startNanos = System.nanoTime();
    startEpochMillis = System.currentTimeMillis();
    measureFromNanos = startNanos + plan.warmup().toNanos();
    generationTimer = vertx.setPeriodic(1, id -> sendWhatIsDue());
    progressTimer = vertx.setPeriodic(1000, id -> progressLine.accept(progress.line()));
    sendWhatIsDue();
  }

  private void sendWhatIsDue() {
    long due = schedule.dueBy(System.nanoTime() - startNanos);
    while (readings.produced() < due) {
      long dueAtNanos = schedule.dueAtNanos(readings.produced());
      GeneratedReading reading = readings.next(startEpochMillis + dueAtNanos / 1_000_000);
      tally.scheduled(1);
      if (waiting.size() >= maxWaitingReadings) {
        tally.notSent(OpenLoopTally.NOT_SENT_SATURATED, 1);
      } else {
        waiting.add(new DueReading(reading, startNanos + dueAtNanos, transport.encodedSize(reading)));
      }
    }
    sendWhileConnectionsAreFree();
    if (schedule.isComplete(readings.produced()) && !scheduleComplete) {
      scheduleComplete = true;
      vertx.cancelTimer(generationTimer);
      drainTimer = vertx.setTimer(DRAIN_LIMIT_MS, id -> giveUpOnWaiting());
      finishWhenSettled();
    }
  }

  /**
   * Each free connection takes the longest-waiting readings, up to {@code --batch} and the transport's body limit:
   * small requests while the server keeps up, full ones when it falls behind. A request's intended send time is
   * its first reading's due time, so waiting for a connection counts as latency.
   */
  private void sendWhileConnectionsAreFree() {
    while (inFlightRequests < plan.connections() && !waiting.isEmpty()) {
      DueReading first = waiting.peek();
      List<GeneratedReading> request = new ArrayList<>(Math.min(plan.batchSize(), waiting.size()));
      long requestBytes = 2;
      while (!waiting.isEmpty() && request.size() < plan.batchSize()
        && (request.isEmpty() || requestBytes + waiting.peek().encodedSize() <= transport.maxRequestBytes())) {
        DueReading next = waiting.poll();
        request.add(next.reading());
        requestBytes += next.encodedSize() + 1;
      }
      transmit(new Request(request, first.dueNanos()));
    }
  }

  private void transmit(Request request) {
    int size = request.readings().size();
    inFlightRequests++;
    inFlightReadings += size;
    tally.transmitted(size);
    Future<SendOutcome> outcome;
    try {
      outcome = transport.send(request.readings());
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(result -> {
      inFlightRequests--;
      inFlightReadings -= size;
      if (result.succeeded()) {
        settle(request, result.result());
      } else {
        tally.refused(OpenLoopTally.TRANSPORT_ERROR, size);
      }
      sendWhileConnectionsAreFree();
      finishWhenSettled();
    });
  }

  private void settle(Request request, SendOutcome outcome) {
    long latencyNanos = System.nanoTime() - request.intendedNanos();
    List<GeneratedReading> acked = outcome.allAcked() ? request.readings() : new ArrayList<>();
    if (!outcome.allAcked()) {
      for (int i = 0; i < request.readings().size(); i++) {
        String reason = outcome.refusal(i);
        if (reason == null) {
          acked.add(request.readings().get(i));
        } else {
          tally.refused(reason, 1);
        }
      }
    }
    if (!acked.isEmpty()) {
      tally.acked(acked.size(), latencyNanos, request.intendedNanos() >= measureFromNanos);
      if (ackedIds != null) {
        ackedIds.record(acked);
      }
    }
  }

  /** The drain limit passed: whatever still waits for a connection will not be sent. */
  private void giveUpOnWaiting() {
    if (!waiting.isEmpty()) {
      tally.notSent(OpenLoopTally.NOT_SENT_RUN_ENDED, waiting.size());
      waiting.clear();
      finishWhenSettled();
    }
  }

  private void finishWhenSettled() {
    if (finished || !scheduleComplete || inFlightRequests > 0 || !waiting.isEmpty()) {
      return;
    }
    finished = true;
    vertx.cancelTimer(progressTimer);
    vertx.cancelTimer(drainTimer);
    double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
    OpenLoopResult result = OpenLoopResult.of(plan, runId, tally, elapsedSeconds);
    Future<Void> idsWritten = ackedIds == null ? Future.succeededFuture() : ackedIds.close(context);
    Future.join(idsWritten, transport.close())
      .onComplete(closed -> {
        if (idsWritten.failed()) {
          done.fail(idsWritten.cause());
        } else {
          done.complete(result);
        }
      });
  }

  /** The progress line: rates since the last line, totals, what is outstanding, p99 so far. */
  private final class ProgressMeter {
    private long lastTransmitted;
    private long lastAcked;
    private long lastNanos = -1;

    String line() {
      long now = System.nanoTime();
      double seconds = lastNanos < 0 ? (now - startNanos) / 1e9 : (now - lastNanos) / 1e9;
      double elapsed = (now - startNanos) / 1e9;
      double total = plan.warmup().plus(plan.duration()).toMillis() / 1000.0;
      String line = String.format("kraken loadgen: %5.0fs of %.0fs (ETA %.0fs)%s  send %.0f/s  acked %.0f/s  "
          + "acked %d  refused %d  not sent %d  in flight %d (%d readings)  waiting %d  p99 %s",
        elapsed, total, Math.max(0, total - elapsed), now < measureFromNanos ? " warm-up" : scheduleComplete ? " draining" : "",
        (tally.transmitted - lastTransmitted) / seconds, (tally.acked - lastAcked) / seconds, tally.acked,
        tally.refused(), tally.notSent(), inFlightRequests, inFlightReadings, waiting.size(),
        Double.isNaN(tally.latencyMillis(99)) ? "-" : String.format("%.2f ms", tally.latencyMillis(99)));
      lastNanos = now;
      lastTransmitted = tally.transmitted;
      lastAcked = tally.acked;
      return line;
    }
  }
}
