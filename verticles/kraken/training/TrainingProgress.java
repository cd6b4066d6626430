package kraken.training;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress lines on stderr while {@code kraken train} works: one per trained ensemble member, saying which fold
 * (or the final model), the member's last-epoch loss, the speed so far in row-epochs per second (rows seen times
 * passes) and the estimated time left for all the training this run plans.
 */
final class TrainingProgress {

  private final PrintWriter out;
  private final long plannedRowEpochs;
  private final long startNanos = System.nanoTime();
  private long doneRowEpochs;

  TrainingProgress(PrintWriter out, long plannedRowEpochs) {
    this.out = out;
    this.plannedRowEpochs = plannedRowEpochs;
  }

  /** A listener for one ensemble's training, its lines prefixed with {@code what} (e.g. "fold 2/5"). */
  Ensemble.MemberListener forEnsemble(String what, int members) {
    return (member, loss, rowEpochs) -> {
      doneRowEpochs += rowEpochs;
      double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
      double rate = doneRowEpochs / seconds;
      double eta = (plannedRowEpochs - doneRowEpochs) / Math.max(rate, 1e-9);
      out.println(String.format(Locale.ROOT, "kraken train: %s, member %d/%d: loss %.4f; %,.0f row-epochs/s; "
        + "%.0f%% done, ETA %.0f s", what, member + 1, members, loss, rate, 100.0 * doneRowEpochs / plannedRowEpochs,
        eta));
      out.flush();
    };
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Row-epochs trained so far per second of this run. */
  double rowEpochsPerSecond() {
    return doneRowEpochs / Math.max(1e-9, elapsedSeconds());
  }
}
