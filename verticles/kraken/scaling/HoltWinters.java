package kraken.scaling;

/**
 * Additive Holt-Winters (triple exponential smoothing): level, trend and a seasonal component of period {@code m}
 * steps. Fitted over the whole series each time (the series is short: a few seasons of buckets), so it keeps no
 * state. The first season gives the initial level and seasonal offsets, the first two the initial trend.
 *
 * <p>The trend is smoothed gently (beta 0.02) so that a noisy series does not extrapolate a slope that is not there;
 * the seasonal component (gamma 0.4) learns a recurring surge within two or three seasons.
 */
public final class HoltWinters {

  static final double ALPHA = 0.3;
  static final double BETA = 0.02;
  static final double GAMMA = 0.4;

  private HoltWinters() {
  }

  /**
   * Forecasts for steps 1..{@code horizon} after the last value of {@code series}.
   *
   * @throws IllegalArgumentException if the series holds fewer than two seasons
   */
  public static double[] forecast(double[] series, int m, int horizon) {
    if (m < 2 || series.length < 2 * m) {
      throw new IllegalArgumentException("Holt-Winters needs two seasons of " + m + " values; the series has "
        + series.length);
    }
    double level = mean(series, 0, m);
    double trend = (mean(series, m, 2 * m) - level) / m;
    double[] seasonal = new double[m];
    for (int i = 0; i < m; i++) {
      seasonal[i] = series[i] - level;
    }
    for (int t = m; t < series.length; t++) {
      double previousLevel = level;
      int s = t % m;
      level = ALPHA * (series[t] - seasonal[s]) + (1 - ALPHA) * (level + trend);
      trend = BETA * (level - previousLevel) + (1 - BETA) * trend;
      seasonal[s] = GAMMA * (series[t] - level) + (1 - GAMMA) * seasonal[s];
    }
    double[] ahead = new double[horizon];
    for (int h = 1; h <= horizon; h++) {
      ahead[h - 1] = level + h * trend + seasonal[(series.length + h - 1) % m];
    }
    return ahead;
  }

  private static double mean(double[] values, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return sum / (to - from);
  }
}
