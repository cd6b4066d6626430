package kraken.scaling;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;

/**
 * The recorded history the forecast reads: observations folded into buckets of 1/{@value #BUCKETS_PER_SEASON} of a
 * season, keeping each bucket's peak readings per second and peak threat level (the scaler plans for peaks), for the
 * last {@value #SEASONS_KEPT} seasons. Every scaler records, active or not, so that the one taking over after a
 * failover forecasts from the same history. A bucket nobody recorded repeats the one before it.
 */
public final class SeasonalHistory {

  static final int BUCKETS_PER_SEASON = 24;
  static final int SEASONS_KEPT = 4;

  /** What the next {@code horizon} is expected to bring at its peak. */
  public record Forecast(double readingsPerSecond, double threatLevel, int seasonsSeen) {
  }

  private final long bucketMs;
  private final Deque<double[]> closed = new ArrayDeque<>();
  private long openBucket = -1;
  private double openReadings;
  private double openThreat;

  public SeasonalHistory(int seasonalPeriodSeconds) {
    this.bucketMs = Math.max(1, seasonalPeriodSeconds * 1000L / BUCKETS_PER_SEASON);
  }

  public void record(Observation observation) {
    long bucket = observation.at() / bucketMs;
    if (openBucket < 0) {
      openBucket = bucket;
    }
    if (bucket < openBucket) {
      return; // a late observation of a closed bucket changes nothing
    }
    if (bucket > openBucket) {
      double[] live = {openReadings, openThreat};
      append(live);
      long gaps = Math.min(bucket - openBucket - 1, (long) SEASONS_KEPT * BUCKETS_PER_SEASON);
      for (long gap = 0; gap < gaps; gap++) {
        append(live); // nobody recorded this bucket: it repeats the one before
      }
      openBucket = bucket;
      openReadings = 0;
      openThreat = 0;
    }
    openReadings = Math.max(openReadings, observation.readingsPerSecond());
    openThreat = Math.max(openThreat, observation.highestThreat().ordinal());
  }

  private void append(double[] bucket) {
    closed.addLast(bucket.clone());
    while (closed.size() > SEASONS_KEPT * BUCKETS_PER_SEASON) {
      closed.removeFirst();
    }
  }

  /** Completed seasons recorded so far. */
  public int seasons() {
    return closed.size() / BUCKETS_PER_SEASON;
  }

  /**
   * The peak forecast over the bucket now open and the {@code horizonSeconds} after it; empty until two seasons are
   * recorded.
   */
  public Optional<Forecast> forecast(int horizonSeconds) {
    if (seasons() < 2) {
      return Optional.empty();
    }
    int steps = 1 + (int) Math.ceil(horizonSeconds * 1000.0 / bucketMs);
    double[] readings = new double[closed.size()];
    double[] threat = new double[closed.size()];
    Iterator<double[]> values = closed.iterator();
    for (int i = 0; values.hasNext(); i++) {
      double[] bucket = values.next();
      readings[i] = bucket[0];
      threat[i] = bucket[1];
    }
    return Optional.of(new Forecast(peak(HoltWinters.forecast(readings, BUCKETS_PER_SEASON, steps)),
      peak(HoltWinters.forecast(threat, BUCKETS_PER_SEASON, steps)), seasons()));
  }

  private static double peak(double[] values) {
    double peak = 0;
    for (double value : values) {
      peak = Math.max(peak, value);
    }
    return peak;
  }
}
