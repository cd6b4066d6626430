package kraken.inference.fusion;

import java.util.Arrays;

/**
 * What the readings so far say about one contact, by modality, with old evidence fading (half-life
 * {@link #HALF_LIFE_MS} of sensor time): per modality, the sum of log class probabilities of its readings (naive
 * Bayes over readings, each clamped so that one confident wrong reading cannot decide alone); the contact's range
 * and closing speed; and how many of its recent readings the anomaly detector flagged (those add no class
 * evidence). Not thread-safe: {@link EvidenceMemory} serialises access.
 */
public final class ContactEvidence {

  public static final double HALF_LIFE_MS = 30_000;
  /** Floor under a probability before its log: a single reading moves the evidence by at most ln(1e4) = 9.2. */
  static final double PROBABILITY_FLOOR = 1e-4;
  /** Weight of a new closing-speed measurement against the running estimate. */
  static final double CLOSING_GAIN = 0.4;
  /** Range measurements closer in time than this give no rate: the range noise would dominate. */
  static final long MIN_RATE_INTERVAL_MS = 500;

  /** Readings remembered per contact so that one delivered twice (a re-dispatch, a resend) counts once. */
  static final int RECENT_READINGS = 256;

  private final double[][] logEvidence;
  private final long[] recent = new long[RECENT_READINGS];
  private int recentCount;
  private int recentNext;
  private final double[] weight;
  private long clock = Long.MIN_VALUE;
  private double rangeM = Double.NaN;
  private long rangeAt;
  private double closingMps = Double.NaN;
  private double readings;
  private double anomalous;

  public ContactEvidence(int modalities, int classes) {
    logEvidence = new double[modalities][classes];
    weight = new double[modalities];
  }

  /**
   * Remembers a reading by its key ({@code ContactUpdate.readingKey}); false when it was among the last
   * {@link #RECENT_READINGS} of this contact already, and then it must add nothing.
   */
  public boolean firstSight(long readingKey) {
    for (int i = 0; i < recentCount; i++) {
      if (recent[i] == readingKey) {
        return false;
      }
    }
    recent[recentNext] = readingKey;
    recentNext = (recentNext + 1) % RECENT_READINGS;
    recentCount = Math.min(RECENT_READINGS, recentCount + 1);
    return true;
  }

  /** Class probabilities of one reading of {@code modality}, in the canonical class order. */
  public void addClassEvidence(int modality, float[] probabilities, long at) {
    double w = age(at);
    double[] log = logEvidence[modality];
    for (int c = 0; c < log.length; c++) {
      log[c] += w * Math.log(Math.max(PROBABILITY_FLOOR, probabilities[c]));
    }
    weight[modality] += w;
    readings += w;
  }

  /** A reading the anomaly detector flagged: it counts, but says nothing about the class. */
  public void addAnomalous(long at) {
    double w = age(at);
    anomalous += w;
    readings += w;
  }

  /** A measured range (metres); successive ranges give the closing speed when no better source does. */
  public void addRange(double metres, long at) {
    age(at);
    if (!Double.isNaN(rangeM) && at - rangeAt >= MIN_RATE_INTERVAL_MS) {
      double closing = (rangeM - metres) / ((at - rangeAt) / 1000.0);
      closingMps = Double.isNaN(closingMps) ? closing : closingMps + CLOSING_GAIN * (closing - closingMps);
    }
    if (Double.isNaN(rangeM) || at >= rangeAt) {
      rangeM = metres;
      rangeAt = at;
    }
  }

  /** A directly measured closing speed (m/s, positive when closing), such as an echo's doppler. */
  public void addClosingSpeed(double mps, long at) {
    age(at);
    closingMps = Double.isNaN(closingMps) ? mps : closingMps + CLOSING_GAIN * (mps - closingMps);
  }

  /**
   * Brings the evidence to time {@code at} and returns the weight of a reading made at {@code at}: the evidence
   * decays when time moves forward; a late reading (sensor clocks differ) is itself discounted instead.
   */
  private double age(long at) {
    if (clock == Long.MIN_VALUE) {
      clock = at;
      return 1;
    }
    if (at > clock) {
      double decay = Math.pow(0.5, (at - clock) / HALF_LIFE_MS);
      for (double[] log : logEvidence) {
        for (int c = 0; c < log.length; c++) {
          log[c] *= decay;
        }
      }
      for (int m = 0; m < weight.length; m++) {
        weight[m] *= decay;
      }
      readings *= decay;
      anomalous *= decay;
      clock = at;
      return 1;
    }
    return Math.pow(0.5, (clock - at) / HALF_LIFE_MS);
  }

  /** The class posterior from every modality together (uniform when there is no evidence). */
  public double[] classPosterior() {
    double[] sum = new double[logEvidence[0].length];
    for (double[] log : logEvidence) {
      for (int c = 0; c < sum.length; c++) {
        sum[c] += log[c];
      }
    }
    return softmax(sum);
  }

  /** The class posterior from one modality's readings alone. */
  public double[] classPosterior(int modality) {
    return softmax(logEvidence[modality].clone());
  }

  /** Decayed count of readings per modality that carried class evidence. */
  public double[] modalityWeights() {
    return weight.clone();
  }

  /** Decayed count of all readings, flagged ones included. */
  public double readings() {
    return readings;
  }

  /** Share of recent readings the anomaly detector flagged. */
  public double anomalousShare() {
    return readings == 0 ? 0 : anomalous / readings;
  }

  /** Latest range in metres, NaN when no sensor measured one. */
  public double rangeM() {
    return rangeM;
  }

  /** Closing speed in m/s (positive when closing), NaN when unknown. */
  public double closingMps() {
    return closingMps;
  }

  /** Milliseconds until the contact reaches us at its closing speed, or null when it is not closing. */
  public Long timeToThreatMs() {
    if (Double.isNaN(rangeM) || Double.isNaN(closingMps) || closingMps < FusionFeatures.MIN_CLOSING_MPS) {
      return null;
    }
    return Math.round(rangeM / closingMps * 1000);
  }

  static double[] softmax(double[] logits) {
    double max = Arrays.stream(logits).max().orElse(0);
    double sum = 0;
    for (int c = 0; c < logits.length; c++) {
      logits[c] = Math.exp(logits[c] - max);
      sum += logits[c];
    }
    for (int c = 0; c < logits.length; c++) {
      logits[c] /= sum;
    }
    return logits;
  }
}
