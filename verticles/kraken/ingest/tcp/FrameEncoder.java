package kraken.ingest.tcp;

import io.vertx.core.buffer.Buffer;
import kraken.bus.SensorKind;
import kraken.bus.SensorReading;
import kraken.ingest.Problem;
import kraken.ingest.Problem.Reason;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the frames of the binary TCP ingest protocol (see {@link Wire} and PROTOCOL.md). Each method returns one
 * whole frame, length field included, so that a caller can write it, or concatenate several into one write.
 */
public final class FrameEncoder {

  private FrameEncoder() {
  }

  /** What a client sends first: magic, version, flags. */
  public static Buffer hello() {
    return Buffer.buffer(Wire.HELLO_BYTES).appendBytes(Wire.MAGIC).appendShort((short) Wire.VERSION).appendShort((short) 0);
  }

  /**
   * A READINGS frame. Refuses (IllegalArgumentException) what the wire cannot express: more than 65535 readings,
   * ids longer than 255 bytes. Anything else is sent as it is, so that the server judges it.
   */
  public static Buffer readings(long sequence, List<SensorReading> readings) {
    if (readings.size() > 0xFFFF) {
      throw new IllegalArgumentException(readings.size() + " readings do not fit one frame (at most 65535)");
    }
    Buffer frame = start(Wire.READINGS).appendInt((int) sequence).appendShort((short) readings.size());
    for (SensorReading r : readings) {
      appendShortString(frame, r.id(), StandardCharsets.US_ASCII);
      appendShortString(frame, r.sensorId(), StandardCharsets.US_ASCII);
      frame.appendLong(r.timestamp());
      SensorKind kind = SensorKind.of(r.sensorType());
      boolean withOptional = kind.optionalPresent(r.sensorType());
      frame.appendByte((byte) (withOptional ? kind.tag() | Wire.OPTIONAL_FIELDS_FLAG : kind.tag()));
      double[] values = kind.values(r.sensorType());
      int slot = 0;
      for (SensorKind.Field field : kind.fields()) {
        if (field.optional() && !withOptional) {
          break; // optional fields come last
        }
        switch (field.shape()) {
          case NUMBER -> frame.appendDouble(values[slot]);
          case INTEGER -> frame.appendInt((int) values[slot]);
          case CHOICE -> frame.appendByte((byte) values[slot]);
          case FREQUENCY_RANGE -> frame.appendDouble(values[slot]).appendDouble(values[slot + 1]);
        }
        slot += field.width();
      }
      frame.appendByte((byte) r.classification().ordinal()).appendByte((byte) r.priority().ordinal());
      frame.appendInt(r.payload().length).appendBytes(r.payload());
    }
    return finish(frame);
  }

  public static Buffer credit(int frames) {
    return finish(start(Wire.CREDIT).appendInt(frames));
  }

  public static Buffer ack(long sequence, int accepted, int duplicates) {
    return finish(start(Wire.ACK).appendInt((int) sequence).appendShort((short) accepted).appendShort((short) duplicates));
  }

  /** A NACK: how many readings were taken, then one entry per refused reading (or the rest of the frame). */
  public static Buffer nack(long sequence, int accepted, int duplicates, List<Problem> refusals) {
    Buffer frame = start(Wire.NACK).appendInt((int) sequence).appendShort((short) accepted)
      .appendShort((short) duplicates).appendShort((short) refusals.size());
    for (Problem refusal : refusals) {
      frame.appendShort((short) refusal.reading());
      appendShortString(frame, refusal.reason().name(), StandardCharsets.US_ASCII);
      appendMediumString(frame, refusal.message());
    }
    return finish(frame);
  }

  public static Buffer error(Reason reason, String message) {
    Buffer frame = start(Wire.ERROR);
    appendShortString(frame, reason.name(), StandardCharsets.US_ASCII);
    appendMediumString(frame, message);
    return finish(frame);
  }

  private static Buffer start(byte type) {
    return Buffer.buffer(64).appendInt(0).appendByte(type);
  }

  private static Buffer finish(Buffer frame) {
    return frame.setInt(0, frame.length() - Wire.LENGTH_BYTES);
  }

  private static void appendShortString(Buffer frame, String text, java.nio.charset.Charset charset) {
    byte[] bytes = text.getBytes(charset);
    if (bytes.length > Wire.MAX_ID_BYTES) {
      throw new IllegalArgumentException("\"" + text.substring(0, 40) + "...\" is " + bytes.length
        + " bytes long; the wire allows 255");
    }
    frame.appendByte((byte) bytes.length).appendBytes(bytes);
  }

  /** A u16-length UTF-8 string, cut (at a character boundary) to what a u16 can say. */
  private static void appendMediumString(Buffer frame, String text) {
    String cut = text.length() > 20_000 ? text.substring(0, 20_000) : text;
    byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
    frame.appendShort((short) bytes.length).appendBytes(bytes);
  }
}
