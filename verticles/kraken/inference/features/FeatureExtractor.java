package kraken.inference.features;

import kraken.bus.SensorReading;

import java.util.List;

/**
 * Turns a reading into a fixed number of floats for a model. Every value is defined for every reading: an empty,
 * short or odd payload gives zeros for what the payload would have told, and a flag saying so; nothing throws.
 * Implementations keep scratch buffers so that {@link #extract(SensorReading, float[], int)} allocates nothing:
 * they are not thread-safe, so keep one instance per thread.
 */
public interface FeatureExtractor {

  /** Feature names in output order; the CSV header and the README tables. */
  List<String> names();

  default int width() {
    return names().size();
  }

  /** Writes {@link #width()} features of the reading to {@code out} from {@code offset}. */
  void extract(SensorReading reading, float[] out, int offset);

  default float[] extract(SensorReading reading) {
    float[] out = new float[width()];
    extract(reading, out, 0);
    return out;
  }
}
