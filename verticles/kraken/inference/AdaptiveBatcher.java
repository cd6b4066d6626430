package kraken.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import kraken.ops.Meters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the rows of many callers (many bus messages) for one role into one model run. A batch closes when it holds
 * {@code maxBatchRows} rows or {@code maxWaitMicros} after its first row, whichever comes first; one caller's rows
 * are never split (a caller with more rows than the maximum gets a batch of its own). Each caller gets exactly its
 * rows' outputs back, on its own context. Rows count against the shared {@link RowBudget} from submission until their
 * run is done; past it a submission fails at once ({@link InferenceSaturatedException}).
 */
final class AdaptiveBatcher {

  private record Submission(float[] rows, int count, Promise<Inferred> promise, Context context) {
  }

  private record Batch(List<Submission> submissions, int rows, long openedAt, String reason) {
  }

  private final String role;
  private final ModelRegistry registry;
  private final InferencePool pool;
  private final RowBudget budget;
  private final ScheduledExecutorService clock;
  private final int maxRows;
  private final long maxWaitNanos;
  private final DistributionSummary batchRows;
  private final Timer batchWait;
  private final Timer run;
  private final Counter closedBySize;
  private final Counter closedByDeadline;
  private final Counter rowsRun;

  private List<Submission> open = new ArrayList<>();
  private int openRows;
  private long openedAt;
  private long generation;
  private ScheduledFuture<?> deadline;

  AdaptiveBatcher(String role, ModelRegistry registry, InferencePool pool, RowBudget budget,
                  ScheduledExecutorService clock, ServingLimits limits, MeterRegistry meters) {
    this.role = role;
    this.registry = registry;
    this.pool = pool;
    this.budget = budget;
    this.clock = clock;
    this.maxRows = limits.maxBatchRows();
    this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(limits.maxWaitMicros());
    this.batchRows = Meters.inferenceBatchRows(meters, role);
    this.batchWait = Meters.inferenceBatchWait(meters, role);
    this.run = Meters.inferenceRun(meters, role);
    this.closedBySize = Meters.inferenceBatches(meters, role, "size");
    this.closedByDeadline = Meters.inferenceBatches(meters, role, "deadline");
    this.rowsRun = Meters.inferenceRows(meters, role);
  }

  /** {@code count} rows laid out row after row in {@code rows}; completes on {@code context}. */
  Future<Inferred> submit(float[] rows, int count, Context context) {
    if (count < 1) {
      return Future.failedFuture(new IllegalArgumentException("a submission holds at least one row, not " + count));
    }
    try {
      budget.take(role, count);
    } catch (InferenceSaturatedException e) {
      return Future.failedFuture(e);
    }
    Submission submission = new Submission(rows, count, Promise.promise(), context);
    Batch full = null;
    Batch last = null;
    synchronized (this) {
      if (!open.isEmpty() && openRows + count > maxRows) {
        full = closeLocked("size");
      }
      if (open.isEmpty()) {
        openedAt = System.nanoTime();
        generation++;
        if (maxWaitNanos > 0 && count < maxRows) {
          long closing = generation;
          deadline = clock.schedule(() -> deadlinePassed(closing), maxWaitNanos, TimeUnit.NANOSECONDS);
        }
      }
      open.add(submission);
      openRows += count;
      if (openRows >= maxRows) {
        last = closeLocked("size");
      } else if (maxWaitNanos == 0) {
        last = closeLocked("deadline");
      }
    }
    dispatch(full);
    dispatch(last);
    return submission.promise().future();
  }

  private void deadlinePassed(long closing) {
    Batch batch = null;
    synchronized (this) {
      if (generation == closing && !open.isEmpty()) {
        batch = closeLocked("deadline");
      }
    }
    dispatch(batch);
  }

  private Batch closeLocked(String reason) {
    Batch batch = new Batch(open, openRows, openedAt, reason);
    open = new ArrayList<>();
    openRows = 0;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    return batch;
  }

  private void dispatch(Batch batch) {
    if (batch == null) {
      return;
    }
    batchWait.record(System.nanoTime() - batch.openedAt(), TimeUnit.NANOSECONDS);
    batchRows.record(batch.rows());
    (batch.reason().equals("size") ? closedBySize : closedByDeadline).increment();
    try {
      pool.execute(() -> runOnWorker(batch));
    } catch (RuntimeException rejected) {
      budget.give(batch.rows());
      batch.submissions().forEach(s -> complete(s, null, rejected));
    }
  }

  private void runOnWorker(Batch batch) {
    ServingModel model = registry.acquire(role);
    if (model == null) {
      budget.give(batch.rows());
      NoModelException none = new NoModelException(role);
      batch.submissions().forEach(s -> complete(s, null, none));
      return;
    }
    // Callers hear back only once their rows no longer count as queued: one who asks queuedRows() then sees zero.
    List<Runnable> answers = new ArrayList<>(batch.submissions().size());
    try {
      runWith(model, batch, answers);
    } catch (Throwable unexpected) {
      // Whatever went wrong, every caller of this batch hears of it: none may wait forever.
      answers.clear();
      batch.submissions().forEach(s -> answers.add(() -> complete(s, null, unexpected)));
    } finally {
      model.release();
      budget.give(batch.rows());
    }
    answers.forEach(Runnable::run);
  }

  private void runWith(ServingModel model, Batch batch, List<Runnable> answers) {
    int width = model.card().features().size();
    List<Submission> fitting = new ArrayList<>(batch.submissions().size());
    int rows = 0;
    for (Submission s : batch.submissions()) {
      if (s.rows().length != s.count() * width) {
        IllegalArgumentException misfit = new IllegalArgumentException(s.rows().length + " values are not "
          + s.count() + " rows of the " + width + " features model " + model.id() + " takes");
        answers.add(() -> complete(s, null, misfit));
      } else {
        fitting.add(s);
        rows += s.count();
      }
    }
    if (fitting.isEmpty()) {
      return;
    }
    float[] input = new float[rows * width];
    int at = 0;
    for (Submission s : fitting) {
      System.arraycopy(s.rows(), 0, input, at, s.count() * width);
      at += s.count() * width;
    }
    float[] output;
    long started = System.nanoTime();
    try {
      output = model.run(InferencePool.predictorFor(model), input, rows);
    } catch (RuntimeException e) {
      fitting.forEach(s -> answers.add(() -> complete(s, null, e)));
      return;
    }
    run.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    rowsRun.increment(rows);
    if (output.length % rows != 0) {
      throw new IllegalStateException("model " + model.id() + " gave " + output.length + " values for " + rows + " rows");
    }
    int outWidth = output.length / rows;
    int from = 0;
    for (Submission s : fitting) {
      float[] slice = new float[s.count() * outWidth];
      System.arraycopy(output, from, slice, 0, slice.length);
      from += slice.length;
      Inferred inferred = new Inferred(model.card(), slice, outWidth);
      answers.add(() -> complete(s, inferred, null));
    }
  }

  private static void complete(Submission s, Inferred result, Throwable failure) {
    s.context().runOnContext(v -> {
      if (failure == null) {
        s.promise().complete(result);
      } else {
        s.promise().fail(failure);
      }
    });
  }
}
