package kraken.simulation;

import java.util.SplittableRandom;

import static kraken.bus.PayloadFormat.CHIP_HEADER_BYTES;
import static kraken.bus.PayloadFormat.CHIP_METRES_PER_PIXEL;
import static kraken.bus.PayloadFormat.CHIP_SIZE;

/**
 * Renders optical satellite chips ({@link kraken.bus.PayloadFormat}): sea with sensor noise, the hull as a bright
 * ellipse along its course (north up), and a foam wake behind it whose length grows with speed.
 */
final class OpticalChips {

  /** Seconds of travel that the wake stays visible for. */
  private static final double WAKE_SECONDS = 25;
  /** Darkest pixel of a working sensor over the sea: the detector's dark level. */
  static final int DARK_LEVEL = 6;

  private OpticalChips() {
  }

  static byte[] newPayload() {
    byte[] chip = new byte[CHIP_HEADER_BYTES + CHIP_SIZE * CHIP_SIZE];
    chip[0] = (byte) (CHIP_SIZE >> 8);
    chip[1] = (byte) CHIP_SIZE;
    chip[2] = (byte) (CHIP_SIZE >> 8);
    chip[3] = (byte) CHIP_SIZE;
    return chip;
  }

  /** Renders the vessel; {@code noisy = false} gives the too-clean picture of a spoofer. */
  static void render(Vessel v, SplittableRandom r, byte[] chip, boolean noisy) {
    Signature s = v.signature;
    double sea = r.nextDouble(30, 50);
    double noiseLevel = noisy ? r.nextDouble(4, 8) : 0;
    int noise = r.nextInt(Tables.NOISE_SIZE);
    double heading = Math.toRadians(v.course);
    double alongX = Math.sin(heading);
    double alongY = -Math.cos(heading); // image rows grow southwards
    double halfLength = s.lengthM() / CHIP_METRES_PER_PIXEL / 2;
    double halfBeam = Math.max(0.6, s.beamM() / CHIP_METRES_PER_PIXEL / 2);
    double wakeLength = v.speed * WAKE_SECONDS / CHIP_METRES_PER_PIXEL;
    double wakeBrightness = Math.min(60, 6 * v.speed);
    double cx = CHIP_SIZE / 2.0 + r.nextDouble(-4, 4);
    double cy = CHIP_SIZE / 2.0 + r.nextDouble(-4, 4);
    for (int y = 0; y < CHIP_SIZE; y++) {
      for (int x = 0; x < CHIP_SIZE; x++) {
        double dx = x - cx;
        double dy = y - cy;
        double along = dx * alongX + dy * alongY;
        double across = -dx * alongY + dy * alongX;
        double value = sea;
        double a = along / halfLength;
        double c = across / halfBeam;
        if (a * a + c * c <= 1) {
          value = s.brightness();
        } else if (along < -halfLength && -along - halfLength < wakeLength
          && Math.abs(across) < halfBeam + 0.25 * (-along - halfLength)) {
          value = sea + wakeBrightness * (1 - (-along - halfLength) / wakeLength);
        }
        value += noiseLevel * Tables.noise(noise + y * CHIP_SIZE + x);
        chip[CHIP_HEADER_BYTES + y * CHIP_SIZE + x] = (byte) Math.max(DARK_LEVEL, Math.min(250, (int) value));
      }
    }
  }
}
