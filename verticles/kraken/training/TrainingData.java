package kraken.training;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Rows of numeric features with a class label each, as parsed: {@code features} holds the rows one after another
 * ({@code rows() x width()}), {@code labels[r]} is an index into {@code classes}. Flat arrays so training touches
 * no object per row.
 */
public record TrainingData(List<String> featureNames, String labelName, List<String> classes, float[] features,
                           int[] labels) {

  public TrainingData {
    featureNames = List.copyOf(featureNames);
    classes = List.copyOf(classes);
    if (features.length != labels.length * featureNames.size()) {
      throw new IllegalArgumentException(features.length + " feature values cannot be " + labels.length + " rows of "
        + featureNames.size());
    }
  }

  public int rows() {
    return labels.length;
  }

  public int width() {
    return featureNames.size();
  }

  /** Rows of each class, by class index. */
  public int[] classCounts() {
    int[] counts = new int[classes.size()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** The chosen rows, in the order given, as data of their own (same feature names and classes). */
  public TrainingData subset(int[] rows) {
    int d = width();
    float[] x = new float[rows.length * d];
    int[] y = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(features, rows[r] * d, x, r * d, d);
      y[r] = labels[rows[r]];
    }
    return new TrainingData(featureNames, labelName, classes, x, y);
  }

  /**
   * {@code sha256:<hex>} of the rows as parsed: each row's feature values (IEEE 754 bits) and its label text. The
   * same rows give the same fingerprint whatever the file's formatting (spaces, {@code 1.0} or {@code 1}, header).
   */
  public String fingerprint() {
    MessageDigest sha = sha256();
    ByteBuffer row = ByteBuffer.allocate(width() * Float.BYTES);
    for (int r = 0; r < rows(); r++) {
      row.clear();
      for (int i = 0; i < width(); i++) {
        row.putFloat(features[r * width() + i]);
      }
      sha.update(row.array());
      sha.update(classes.get(labels[r]).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
