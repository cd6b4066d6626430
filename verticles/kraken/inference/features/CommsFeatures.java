package kraken.inference.features;

import kraken.bus.SensorReading;
import kraken.bus.SensorType;

import java.util.ArrayList;
import java.util.List;

import static kraken.inference.features.Payloads.clamp01;

/**
 * Comms features: the frequency (log scale), the claimed encryption, and what the intercepted bytes look like: length,
 * entropy, printable, upper-case, digit, space and newline shares, known frame preambles (two military framings, TLS
 * records), and a 16-bucket histogram of byte values (high nibble). Not thread-safe.
 */
public final class CommsFeatures implements FeatureExtractor {

  private static final byte[] FRAME_7E = {0x7E, 0x7E, 0x7E, 0x7E};
  private static final byte[] FRAME_A5 = {(byte) 0xA5, 0x5A, (byte) 0xA5, 0x5A};
  private static final byte[] TLS_RECORD = {0x17, 0x03, 0x03};
  /** Shorter than this, an intercept is a fragment (a dead receiver or a cut), not traffic. */
  static final int MIN_WHOLE_BYTES = 64;
  private static final List<String> NAMES = featureNames();

  private final int[] histogram = new int[256];

  private static List<String> featureNames() {
    List<String> names = new ArrayList<>(List.of("frequency", "encryption_none", "encryption_commercial",
      "encryption_military", "encryption_unknown", "length", "entropy", "printable", "upper_case", "digits",
      "spaces", "newlines", "preamble_7e", "preamble_a5", "tls_record", "payload_ok"));
    for (int nibble = 0; nibble < 16; nibble++) {
      names.add(String.format("bytes_%xx", nibble));
    }
    return List.copyOf(names);
  }

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public void extract(SensorReading reading, float[] out, int offset) {
    java.util.Arrays.fill(out, offset, offset + NAMES.size(), 0f);
    if (!(reading.sensorType() instanceof SensorType.CommsIntercept comms)) {
      return;
    }
    out[offset] = clamp01(Math.log10(Math.max(1, comms.frequencyMhz())) / 6);
    out[offset + 1 + comms.encryptionType().ordinal()] = 1;
    byte[] bytes = reading.payload();
    int length = bytes.length;
    out[offset + 5] = clamp01(length / 1024.0);
    if (length == 0) {
      return;
    }
    out[offset + 6] = Payloads.entropy(bytes, 0, length, histogram) / 8;
    int printable = 0;
    int upper = 0;
    int digits = 0;
    int spaces = 0;
    int newlines = 0;
    for (int value = 0; value < 256; value++) {
      int count = histogram[value];
      if ((value >= 32 && value < 127) || value == '\n') {
        printable += count;
      }
      if (value >= 'A' && value <= 'Z') {
        upper += count;
      } else if (value >= '0' && value <= '9') {
        digits += count;
      } else if (value == ' ') {
        spaces += count;
      } else if (value == '\n') {
        newlines += count;
      }
      out[offset + 16 + (value >> 4)] += count;
    }
    float scale = 1f / length;
    out[offset + 7] = printable * scale;
    out[offset + 8] = upper * scale;
    out[offset + 9] = digits * scale;
    out[offset + 10] = spaces * scale;
    out[offset + 11] = clamp01(newlines * scale * 10);
    out[offset + 12] = startsWith(bytes, FRAME_7E) ? 1 : 0;
    out[offset + 13] = startsWith(bytes, FRAME_A5) ? 1 : 0;
    out[offset + 14] = startsWith(bytes, TLS_RECORD) ? 1 : 0;
    out[offset + 15] = length >= MIN_WHOLE_BYTES ? 1 : 0;
    for (int nibble = 0; nibble < 16; nibble++) {
      out[offset + 16 + nibble] *= scale;
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
