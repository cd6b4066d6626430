package kraken.bus;

/**
 * The raw payload each sensor kind sends, written once: the simulator writes payloads in these formats and the
 * feature extractors of inference read them. A payload that does not match (empty, short, odd length) is still a
 * valid reading; readers must give defined results for it.
 */
public final class PayloadFormat {

  /** Sonar (active and passive): this many big-endian int16 samples, {@link #SONAR_BYTES} bytes. */
  public static final int SONAR_SAMPLES = 1024;
  public static final int SONAR_BYTES = 2 * SONAR_SAMPLES;
  /** Sonar sample rate: 1024 samples are 0.2 s, and one FFT bin is 5 Hz (50 and 60 Hz lines fall on bins). */
  public static final double SONAR_SAMPLE_RATE_HZ = 5120;
  /** The active sonar's ping: a CW pulse at this frequency; the echo comes back shifted by 2 v / c. */
  public static final double ACTIVE_CARRIER_HZ = 2000;
  /** Speed of sound in sea water, m/s: return time = 2 range / this. */
  public static final double SOUND_SPEED_MPS = 1500;

  /** Optical chip: a header of width and height (big-endian uint16 each), then width x height grayscale bytes. */
  public static final int CHIP_HEADER_BYTES = 4;
  public static final int CHIP_SIZE = 128;
  /** Ground distance of one chip pixel, whatever the zoom level (the satellite resamples its chips). */
  public static final double CHIP_METRES_PER_PIXEL = 3;

  /** Signals: the detected pulse envelope, this many big-endian int16 samples at one per 10 microseconds. */
  public static final int SIGNALS_SAMPLES = 1024;
  public static final int SIGNALS_BYTES = 2 * SIGNALS_SAMPLES;
  public static final double SIGNALS_SAMPLE_US = 10;

  /** Comms: the intercepted bytes as heard, at most this many. */
  public static final int COMMS_MAX_BYTES = 1024;

  private PayloadFormat() {
  }
}
