package kraken.ops;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A percentile of a timer over the last interval only, from the difference of its cumulative histogram buckets
 * between two calls (the timer's own percentiles would cover all time). The answer is the upper bound of the bucket
 * the percentile falls in, so it errs high by at most one bucket.
 */
public final class IntervalPercentile {

  private final double percentile;
  private final Map<Double, Double> lastCounts = new HashMap<>();
  private long lastTotal;

  public IntervalPercentile(double percentile) {
    this.percentile = percentile;
  }

  /** The percentile in ms of what the timers recorded since the previous call; 0 when they recorded nothing. */
  public double sinceLast(Iterable<Timer> timers) {
    Map<Double, Double> counts = new HashMap<>();
    long total = 0;
    for (Timer timer : timers) {
      HistogramSnapshot snapshot = timer.takeSnapshot();
      total += snapshot.count();
      for (CountAtBucket bucket : snapshot.histogramCounts()) {
        counts.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
      }
    }
    long recorded = total - lastTotal;
    double answer = 0;
    if (recorded > 0) {
      double wanted = percentile * recorded;
      answer = counts.keySet().stream().sorted()
        .filter(bound -> counts.get(bound) - lastCounts.getOrDefault(bound, 0.0) >= wanted)
        .findFirst().orElse(counts.keySet().stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
    lastCounts.clear();
    lastCounts.putAll(counts);
    lastTotal = total;
    return answer;
  }
}
