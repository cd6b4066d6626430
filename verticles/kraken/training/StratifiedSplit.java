package kraken.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Splits rows so every part keeps the class proportions of the whole: each class's rows are shuffled (from the
 * seed) and dealt out in turn, the deal continuing across classes so the parts also differ in size by at most one.
 */
public final class StratifiedSplit {

  private StratifiedSplit() {
  }

  /** The fold (0 to k-1) of each row; refuses a class with fewer rows than folds, naming it. */
  public static int[] folds(TrainingData data, int k, long seed) {
    if (k < 2) {
      throw new TrainingInputException("--cv " + k + " is not valid: cross-validation needs at least 2 folds");
    }
    int[] counts = data.classCounts();
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] < k) {
        throw new TrainingInputException("class '" + data.classes().get(c) + "' has " + counts[c] + " row"
          + (counts[c] == 1 ? "" : "s") + ": --cv " + k + " needs at least " + k + " rows of every class "
          + "(one per fold); use fewer folds or more data");
      }
    }
    int[] fold = new int[data.rows()];
    int next = 0;
    for (int[] rows : shuffledRowsByClass(data, seed)) {
      for (int row : rows) {
        fold[row] = next;
        next = (next + 1) % k;
      }
    }
    return fold;
  }

  /**
   * Rows to hold out: about {@code fraction} of each class (rounded, at least one), but never a class's last row,
   * so training sees every class and the held-out rows every class. Sorted; the other rows are {@link #complement}.
   * Refuses a class with a single row, naming it.
   */
  public static int[] holdout(TrainingData data, double fraction, long seed) {
    int[] counts = data.classCounts();
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] < 2) {
        throw new TrainingInputException("class '" + data.classes().get(c) + "' has 1 row: training a model needs "
          + "at least 2 rows of every class (one to train on, one held out to check it)");
      }
    }
    List<Integer> held = new ArrayList<>();
    for (int[] rows : shuffledRowsByClass(data, seed)) {
      int count = Math.max(1, Math.min((int) Math.round(rows.length * fraction), rows.length - 1));
      for (int i = 0; i < count; i++) {
        held.add(rows[i]);
      }
    }
    return held.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** The rows of {@code 0 .. total-1} not in sorted {@code rows}. */
  public static int[] complement(int[] rows, int total) {
    boolean[] taken = new boolean[total];
    for (int row : rows) {
      taken[row] = true;
    }
    return IntStream.range(0, total).filter(r -> !taken[r]).toArray();
  }

  /** Rows of {@code fold} ({@code inFold}) or of every other fold. */
  public static int[] rows(int[] foldOfRow, int fold, boolean inFold) {
    return IntStream.range(0, foldOfRow.length).filter(r -> (foldOfRow[r] == fold) == inFold).toArray();
  }

  private static List<int[]> shuffledRowsByClass(TrainingData data, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> byClass = new ArrayList<>();
    for (int c = 0; c < data.classes().size(); c++) {
      int label = c;
      int[] rows = IntStream.range(0, data.rows()).filter(r -> data.labels()[r] == label).toArray();
      for (int i = rows.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
      }
      byClass.add(rows);
    }
    return byClass;
  }
}
