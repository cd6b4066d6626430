package kraken.simulation;

import kraken.bus.SensorType.Encryption;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static kraken.bus.PayloadFormat.COMMS_MAX_BYTES;

/**
 * Synthesises comms payloads ({@link kraken.bus.PayloadFormat}): what the intercept heard, 600 to 1024 bytes. Plain
 * traffic is text (position reports from merchants, catch talk from fishermen); commercial encryption is TLS records;
 * military traffic is random bytes behind the sender's frame preamble, which a late intercept misses.
 */
final class CommsTraffic {

  private static final String[] SHIPS = {"NORDIC STAR", "BALTIC TRADER", "ATLANTIC SPIRIT", "POLAR BEAR", "SKAGEN"};
  private static final String[] PORTS = {"OSLO", "GOTEBORG", "AARHUS", "KIEL", "FREDERIKSHAVN"};
  private static final byte[] FRIENDLY_PREAMBLE = {0x7E, 0x7E, 0x7E, 0x7E, 0x4B, 0x52};
  private static final byte[] HOSTILE_PREAMBLE = {(byte) 0xA5, 0x5A, (byte) 0xA5, 0x5A};

  private CommsTraffic() {
  }

  static byte[] render(VesselClass c, Encryption encryption, SplittableRandom r) {
    int length = r.nextInt(600, COMMS_MAX_BYTES + 1);
    return switch (encryption) {
      case None -> text(c, length, r);
      case Commercial -> tls(length, r);
      case Military, Unknown -> {
        byte[] bytes = new byte[length];
        r.nextBytes(bytes);
        boolean lateIntercept = r.nextDouble() < 0.2;
        byte[] preamble = c == VesselClass.FriendlySubmarine ? FRIENDLY_PREAMBLE
          : encryption == Encryption.Military ? HOSTILE_PREAMBLE : new byte[0];
        if (!lateIntercept) {
          System.arraycopy(preamble, 0, bytes, 0, preamble.length);
        }
        yield bytes;
      }
    };
  }

  static byte[] text(VesselClass c, int length, SplittableRandom r) {
    StringBuilder text = new StringBuilder(length + 100);
    while (text.length() < length) {
      if (c == VesselClass.FishingVessel) {
        text.append("FV ").append(SHIPS[r.nextInt(SHIPS.length)]).append(" NETS OUT GRID ").append(r.nextInt(10, 99))
          .append(" CATCH COD ").append(r.nextInt(100, 900)).append("KG HERRING ").append(r.nextInt(1, 9))
          .append(" TONS WX FAIR OVER\n");
      } else {
        text.append("MV ").append(SHIPS[r.nextInt(SHIPS.length)]).append(" POSN 59 ").append(r.nextInt(10, 59))
          .append("N 010 ").append(r.nextInt(10, 59)).append("E CSE ").append(r.nextInt(100, 359)).append(" SPD ")
          .append(r.nextInt(8, 19)).append(" ETA ").append(PORTS[r.nextInt(PORTS.length)]).append(' ')
          .append(r.nextInt(1000, 2359)).append("Z OVER\n");
      }
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    return java.util.Arrays.copyOf(bytes, length);
  }

  /** TLS application-data records: a 5-byte header (0x17 0x03 0x03, length) before each random body. */
  private static byte[] tls(int length, SplittableRandom r) {
    byte[] bytes = new byte[length];
    r.nextBytes(bytes);
    for (int at = 0; at + 5 < length; at += 256) {
      bytes[at] = 0x17;
      bytes[at + 1] = 0x03;
      bytes[at + 2] = 0x03;
      bytes[at + 3] = 0x00;
      bytes[at + 4] = (byte) 251;
    }
    return bytes;
  }
}
