package kraken.ingest.tcp;

import java.util.ArrayList;
import java.util.List;

/** A frame the server sends, as the client reads it. */
public sealed interface ServerFrame {

  /** The client may send {@code frames} more READINGS frames. */
  record Credit(long frames) implements ServerFrame {
  }

  /** Every reading of frame {@code sequence} was taken; {@code duplicates} of them the picture already held. */
  record Ack(long sequence, int accepted, int duplicates) implements ServerFrame {
  }

  /** One refused reading: its index in the frame ({@link Wire#REST_OF_FRAME}: all not listed), reason, sentence. */
  record Refusal(int index, String reason, String message) {
  }

  /** Some readings of frame {@code sequence} were refused; the ones not listed were taken. */
  record Nack(long sequence, int accepted, int duplicates, List<Refusal> refusals) implements ServerFrame {
  }

  /** The stream cannot go on; the server closes the connection after this frame. */
  record Error(String reason, String message) implements ServerFrame {
  }

  /** Reads a server frame's body; a malformed one is an IllegalArgumentException saying what is wrong. */
  static ServerFrame parse(FrameDecoder.Frame frame) {
    WireReader in = new WireReader(frame.body());
    try {
      ServerFrame parsed = switch (frame.type()) {
        case Wire.CREDIT -> new Credit(in.u32());
        case Wire.ACK -> new Ack(in.u32(), in.u16(), in.u16());
        case Wire.NACK -> {
          long sequence = in.u32();
          int accepted = in.u16();
          int duplicates = in.u16();
          int count = in.u16();
          List<Refusal> refusals = new ArrayList<>(Math.min(count, in.remaining() / 5));
          for (int i = 0; i < count; i++) {
            refusals.add(new Refusal(in.u16(), in.shortAscii(), in.mediumUtf8()));
          }
          yield new Nack(sequence, accepted, duplicates, refusals);
        }
        case Wire.ERROR -> new Error(in.shortAscii(), in.mediumUtf8());
        default -> throw new IllegalArgumentException("frame type " + Wire.describeType(frame.type())
          + " is not one a server sends");
      };
      if (in.remaining() != 0) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the end of a "
          + Wire.describeType(frame.type()) + " frame");
      }
      return parsed;
    } catch (WireReader.Truncated truncated) {
      throw new IllegalArgumentException("a " + Wire.describeType(frame.type()) + " frame is truncated: "
        + truncated.getMessage());
    }
  }
}
