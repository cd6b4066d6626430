package kraken.ingest.tcp;

import java.nio.charset.StandardCharsets;

/**
 * The numbers of the binary TCP ingest protocol, written once (PROTOCOL.md beside this file describes them).
 * Everything is big-endian. A client opens with a hello ({@code KRKN}, version, flags), then both sides send
 * frames: a u32 length (the bytes after the length field), a u8 type and the body.
 */
public final class Wire {

  /** "KRKN": the first four bytes a client sends. */
  public static final byte[] MAGIC = "KRKN".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;
  /** Magic, u16 version, u16 flags. */
  public static final int HELLO_BYTES = 8;
  /** The u32 length that starts every frame. */
  public static final int LENGTH_BYTES = 4;

  /** Client to server: readings. */
  public static final byte READINGS = 0x01;
  /** Server to client: more frames may be sent. */
  public static final byte CREDIT = (byte) 0x81;
  /** Server to client: every reading of a frame was taken. */
  public static final byte ACK = (byte) 0x82;
  /** Server to client: some readings of a frame were refused, each with a reason. */
  public static final byte NACK = (byte) 0x83;
  /** Server to client: the stream cannot go on; the server closes the connection after it. */
  public static final byte ERROR = (byte) 0x84;

  /** u32 sequence + u16 count: the smallest READINGS body. */
  public static final int READINGS_HEADER_BYTES = 6;
  /** In a NACK, the index that stands for every reading of the frame not listed by its own index. */
  public static final int REST_OF_FRAME = 0xFFFF;
  /**
   * Set in a reading's kind tag when the kind's optional fields (geometry: echo bearing, emitter lat/lon, DF
   * bearing) follow its required ones; clear, the reading is exactly what protocol version 1 always sent.
   */
  public static final int OPTIONAL_FIELDS_FLAG = 0x80;
  /** Ids are written with a u8 length. */
  public static final int MAX_ID_BYTES = 255;

  private Wire() {
  }

  /** A frame type as written in messages: {@code 0x01 (READINGS)}. */
  public static String describeType(byte type) {
    String name = switch (type) {
      case READINGS -> "READINGS";
      case CREDIT -> "CREDIT";
      case ACK -> "ACK";
      case NACK -> "NACK";
      case ERROR -> "ERROR";
      default -> "unknown";
    };
    return String.format("0x%02x (%s)", type & 0xFF, name);
  }
}
