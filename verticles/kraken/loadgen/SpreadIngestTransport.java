package kraken.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Several ingest targets (one per {@code --url}) behind one {@link IngestTransport}: requests take turns over the
 * targets that look alive. A target whose request failed in transport (refused, reset, timed out) is passed over
 * for {@link #SUSPECT_MILLIS}, then tried again with real traffic, so a restarted node gets its share back.
 * A request whose connection was refused never reached the server, so it goes straight to the next target; any
 * other transport failure is reported to the generator, which decides whether to resend (the server may have
 * taken it). Owned by one event loop.
 */
final class SpreadIngestTransport implements IngestTransport {

  static final long SUSPECT_MILLIS = 1_000;

  private final List<IngestTransport> targets;
  private final long[] suspectUntilMillis;
  private final LongSupplier clockMillis;
  private int next;

  SpreadIngestTransport(List<IngestTransport> targets, LongSupplier clockMillis) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one ingest target is needed");
    }
    this.targets = List.copyOf(targets);
    this.suspectUntilMillis = new long[targets.size()];
    this.clockMillis = clockMillis;
  }

  @Override
  public Future<SendOutcome> send(List<GeneratedReading> readings) {
    Promise<SendOutcome> outcome = Promise.promise();
    sendToNextTarget(readings, targets.size(), outcome);
    return outcome.future();
  }

  private void sendToNextTarget(List<GeneratedReading> readings, int attemptsLeft, Promise<SendOutcome> outcome) {
    int target = chooseTarget();
    Future<SendOutcome> sent;
    try {
      sent = targets.get(target).send(readings);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    sent.onComplete(result -> {
      if (result.succeeded()) {
        suspectUntilMillis[target] = 0;
        outcome.complete(result.result());
        return;
      }
      suspectUntilMillis[target] = clockMillis.getAsLong() + SUSPECT_MILLIS;
      if (result.cause() instanceof ConnectException && attemptsLeft > 1) {
        sendToNextTarget(readings, attemptsLeft - 1, outcome);
      } else {
        outcome.fail(result.cause());
      }
    });
  }

  /** The next target in turn that is not suspect; if every one is, the next in turn (someone has to try). */
  int chooseTarget() {
    long now = clockMillis.getAsLong();
    for (int i = 0; i < targets.size(); i++) {
      int candidate = (next + i) % targets.size();
      if (suspectUntilMillis[candidate] <= now) {
        next = candidate + 1;
        return candidate;
      }
    }
    return next++ % targets.size();
  }

  @Override
  public int encodedSize(GeneratedReading reading) {
    return targets.get(0).encodedSize(reading);
  }

  @Override
  public int maxRequestBytes() {
    return targets.get(0).maxRequestBytes();
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> closed = new ArrayList<>();
    targets.forEach(target -> closed.add(target.close()));
    return Future.join(closed).mapEmpty();
  }
}
