package kraken.loadgen;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The open loop behind {@code kraken loadgen --mode open}: readings fall due on a fixed schedule
 * ({@link SendSchedule}) whatever the server does. Every millisecond the due ones join a queue, and each free
 * connection takes a request's worth from its head (at most {@code --batch} readings and the transport's body
 * limit); latency counts from the first reading's due time. Readings that would overflow the queue (more than
 * {@link #QUEUE_SECONDS} s of rate, at most {@link #MAX_WAITING_READINGS}) are not sent and counted as such. With {@code --retry} a reading refused in a
 * way that invites it ({@link RetryPolicy}) waits out the Retry-After and goes back to the head of the queue with
 * its id and original due time, until acknowledged or given up. All state lives on one event loop.
 */
public final class OpenLoopGenerator {

  static final int QUEUE_SECONDS = 10;
  /** A waiting reading costs about 100 bytes of the generator's heap; past a million it would crowd a small heap. */
  static final long MAX_WAITING_READINGS = 1_000_000;
  /** After the schedule ends, how long requests still waiting for a connection may wait before we give up. */
  static final long DRAIN_LIMIT_MS = 30_000;

  /** A reading on its way: due at {@code dueNanos}; once sent, when first, and why it was last refused. */
  private static final class PendingReading {
    final GeneratedReading reading;
    final long dueNanos;
    final int encodedSize;
    long firstSentNanos = -1;
    long resendAtNanos;
    String lastRefusal;

    PendingReading(GeneratedReading reading, long dueNanos, int encodedSize) {
      this.reading = reading;
      this.dueNanos = dueNanos;
      this.encodedSize = encodedSize;
    }

    boolean wasSent() {
      return firstSentNanos >= 0;
    }
  }

  private record Request(List<PendingReading> readings, long intendedNanos) {
    List<GeneratedReading> generated() {
      return readings.stream().map(pending -> pending.reading).toList();
    }
  }

  private final Vertx vertx;
  private final LoadPlan plan;
  private final Consumer<String> progressLine;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final OpenLoopTally tally = new OpenLoopTally();
  private final ArrayDeque<PendingReading> waiting = new ArrayDeque<>();
  private final PriorityQueue<PendingReading> resending =
    new PriorityQueue<>((a, b) -> Long.compare(a.resendAtNanos, b.resendAtNanos));
  private final Promise<OpenLoopResult> done = Promise.promise();
  private Context context;
  private IngestTransport transport;
  private AckedIdsLog ackedIds;
  /** Readings sent but never acknowledged (the server may hold them), beside the acked ids as FILE.unacked. */
  private AckedIdsLog unackedIds;
  private OpenLoopTimeline timeline;
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
  private boolean drainLimitPassed;
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
    unackedIds = AckedIdsLog.open(unackedIdsFile(plan));
    readings = new ReadingFactory(runId, plan.mix(), plan.sensors(), plan.seed());
    schedule = SendSchedule.of(plan.readingsPerSecond(), plan.warmup().plus(plan.duration()).toNanos());
    maxWaitingReadings = Math.max(plan.batchSize(),
      Math.min(MAX_WAITING_READINGS, (long) (plan.readingsPerSecond() * QUEUE_SECONDS)));
    startNanos = System.nanoTime();
    startEpochMillis = System.currentTimeMillis();
    measureFromNanos = startNanos + plan.warmup().toNanos();
    timeline = new OpenLoopTimeline(startNanos);
    generationTimer = vertx.setPeriodic(1, id -> sendWhatIsDue());
    progressTimer = vertx.setPeriodic(1000, id -> progressLine.accept(progress.line()));
    sendWhatIsDue();
  }

  /** Where the readings sent but never acknowledged are written: {@code <acked-ids>.unacked}. */
  public static java.nio.file.Path unackedIdsFile(LoadPlan plan) {
    return plan.ackedIdsFile() == null ? null
      : plan.ackedIdsFile().resolveSibling(plan.ackedIdsFile().getFileName() + ".unacked");
  }

  private void sendWhatIsDue() {
    long now = System.nanoTime();
    returnDueResendsToTheHead(now);
    long due = schedule.dueBy(now - startNanos);
    while (readings.produced() < due) {
      long dueAtNanos = schedule.dueAtNanos(readings.produced());
      GeneratedReading reading = readings.next(startEpochMillis + dueAtNanos / 1_000_000);
      tally.scheduled(1);
      if (waiting.size() >= maxWaitingReadings) {
        tally.notSent(OpenLoopTally.NOT_SENT_SATURATED, 1);
      } else {
        waiting.add(new PendingReading(reading, startNanos + dueAtNanos, transport.encodedSize(reading)));
      }
    }
    sendWhileConnectionsAreFree();
    if (schedule.isComplete(readings.produced()) && !scheduleComplete) {
      scheduleComplete = true;
      if (!plan.retry()) {
        vertx.cancelTimer(generationTimer);
      }
      drainTimer = vertx.setTimer(DRAIN_LIMIT_MS, id -> giveUpOnWaiting());
      finishWhenSettled();
    }
  }

  /** Resends whose Retry-After has passed go before new readings: they have waited longest. */
  private void returnDueResendsToTheHead(long nowNanos) {
    List<PendingReading> ready = new ArrayList<>();
    while (!resending.isEmpty() && resending.peek().resendAtNanos <= nowNanos) {
      ready.add(resending.poll());
    }
    ready.sort((a, b) -> Long.compare(b.dueNanos, a.dueNanos));
    ready.forEach(waiting::addFirst);
    if (!ready.isEmpty()) {
      tally.retried(ready.size());
      timeline.retried(nowNanos, ready.size());
    }
  }

  /**
   * Each free connection takes the longest-waiting readings, up to {@code --batch} and the transport's body limit:
   * small requests while the server keeps up, full ones when it falls behind. A request's intended send time is
   * its first reading's due time, so waiting for a connection counts as latency.
   */
  private void sendWhileConnectionsAreFree() {
    while (inFlightRequests < plan.connections() && !waiting.isEmpty()) {
      PendingReading first = waiting.peek();
      List<PendingReading> request = new ArrayList<>(Math.min(plan.batchSize(), waiting.size()));
      long requestBytes = 2;
      while (!waiting.isEmpty() && request.size() < plan.batchSize()
        && (request.isEmpty() || requestBytes + waiting.peek().encodedSize <= transport.maxRequestBytes())) {
        PendingReading next = waiting.poll();
        request.add(next);
        requestBytes += next.encodedSize + 1;
      }
      transmit(new Request(request, first.dueNanos));
    }
  }

  private void transmit(Request request) {
    int size = request.readings().size();
    inFlightRequests++;
    inFlightReadings += size;
    tally.transmitted(size);
    long now = System.nanoTime();
    request.readings().forEach(pending -> {
      if (!pending.wasSent()) {
        pending.firstSentNanos = now;
      }
    });
    Future<SendOutcome> outcome;
    try {
      outcome = transport.send(request.generated());
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(result -> {
      inFlightRequests--;
      inFlightReadings -= size;
      if (result.succeeded()) {
        settle(request, result.result());
      } else {
        request.readings().forEach(pending -> refused(pending, OpenLoopTally.TRANSPORT_ERROR, null));
      }
      sendWhileConnectionsAreFree();
      finishWhenSettled();
    });
  }

  private void settle(Request request, SendOutcome outcome) {
    long now = System.nanoTime();
    long latencyNanos = now - request.intendedNanos();
    List<GeneratedReading> acked = new ArrayList<>(request.readings().size());
    for (int i = 0; i < request.readings().size(); i++) {
      String reason = outcome.refusal(i);
      if (reason == null) {
        acked.add(request.readings().get(i).reading);
      } else {
        refused(request.readings().get(i), reason, outcome);
      }
    }
    if (!acked.isEmpty()) {
      tally.acked(acked.size(), latencyNanos, request.intendedNanos() >= measureFromNanos);
      timeline.acked(now, acked.size(), latencyNanos);
      if (ackedIds != null) {
        ackedIds.record(acked);
      }
    }
  }

  /** A refused reading is resent later when --retry is on and the refusal invites it, else it ends refused. */
  private void refused(PendingReading pending, String reason, SendOutcome outcome) {
    long now = System.nanoTime();
    tally.refusalSeen(reason, 1);
    timeline.refused(now, reason, 1);
    long delayMillis = plan.retry() ? RetryPolicy.delayMillis(reason, outcome) : -1;
    if (delayMillis >= 0 && !drainLimitPassed && RetryPolicy.stillWorthResending(pending.firstSentNanos, now)) {
      pending.lastRefusal = reason;
      pending.resendAtNanos = now + delayMillis * 1_000_000;
      resending.add(pending);
      return;
    }
    tally.refused(reason, 1);
    if (delayMillis >= 0) {
      tally.givenUp(1);
    }
    recordUnacked(pending);
  }

  private void recordUnacked(PendingReading pending) {
    if (unackedIds != null) {
      unackedIds.record(List.of(pending.reading));
    }
  }

  /**
   * The drain limit passed: whatever still waits for a connection will not be sent, and readings waiting to be
   * resent are given up (refused by their last refusal).
   */
  private void giveUpOnWaiting() {
    drainLimitPassed = true;
    List<PendingReading> abandoned = new ArrayList<>(waiting);
    abandoned.addAll(resending);
    waiting.clear();
    resending.clear();
    for (PendingReading pending : abandoned) {
      if (pending.wasSent()) {
        tally.refused(pending.lastRefusal, 1);
        tally.givenUp(1);
        recordUnacked(pending);
      } else {
        tally.notSent(OpenLoopTally.NOT_SENT_RUN_ENDED, 1);
      }
    }
    finishWhenSettled();
  }

  private void finishWhenSettled() {
    if (finished || !scheduleComplete || inFlightRequests > 0 || !waiting.isEmpty() || !resending.isEmpty()) {
      return;
    }
    finished = true;
    vertx.cancelTimer(generationTimer);
    vertx.cancelTimer(progressTimer);
    vertx.cancelTimer(drainTimer);
    long now = System.nanoTime();
    double elapsedSeconds = (now - startNanos) / 1e9;
    OpenLoopResult result = OpenLoopResult.of(plan, runId, tally, timeline.close(now), elapsedSeconds,
      startEpochMillis);
    Future<Void> idsWritten = Future.all(closeLog(ackedIds), closeLog(unackedIds)).mapEmpty();
    Future.join(idsWritten, transport.close())
      .onComplete(closed -> {
        if (idsWritten.failed()) {
          done.fail(idsWritten.cause());
        } else {
          done.complete(result);
        }
      });
  }

  private Future<Void> closeLog(AckedIdsLog log) {
    return log == null ? Future.succeededFuture() : log.close(context);
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
          + "acked %d  refused %d  not sent %d  in flight %d (%d readings)  waiting %d  resending %d  p99 %s",
        elapsed, total, Math.max(0, total - elapsed), now < measureFromNanos ? " warm-up" : scheduleComplete ? " draining" : "",
        (tally.transmitted - lastTransmitted) / seconds, (tally.acked - lastAcked) / seconds, tally.acked,
        tally.refused(), tally.notSent(), inFlightRequests, inFlightReadings, waiting.size(), resending.size(),
        Double.isNaN(tally.latencyMillis(99)) ? "-" : String.format("%.2f ms", tally.latencyMillis(99)));
      lastNanos = now;
      lastTransmitted = tally.transmitted;
      lastAcked = tally.acked;
      return line;
    }
  }
}
