package kraken.ingest.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one frame body that checks every read against the bytes left before reading (or allocating) and
 * throws {@link Truncated} instead of reading past the end. Big-endian, unsigned where the protocol says so.
 */
final class WireReader {

  /** The body ended before a field did. Cheap: no stack trace, since a hostile peer can cause it at will. */
  static final class Truncated extends RuntimeException {
    Truncated(String message) {
      super(message, null, false, false);
    }
  }

  private final byte[] body;
  private int pos;

  WireReader(byte[] body) {
    this.body = body;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return body.length - pos;
  }

  private void need(long bytes) {
    if (bytes > body.length - pos) {
      throw new Truncated(bytes + " bytes needed at offset " + pos + " of the frame body, " + (body.length - pos) + " left");
    }
  }

  int u8() {
    need(1);
    return body[pos++] & 0xFF;
  }

  int u16() {
    need(2);
    int v = ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  int i32() {
    need(4);
    int v = ((body[pos] & 0xFF) << 24) | ((body[pos + 1] & 0xFF) << 16) | ((body[pos + 2] & 0xFF) << 8)
      | (body[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  long u32() {
    return i32() & 0xFFFF_FFFFL;
  }

  long i64() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (body[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  double f64() {
    return Double.longBitsToDouble(i64());
  }

  byte[] bytes(long length) {
    need(length);
    byte[] v = Arrays.copyOfRange(body, pos, pos + (int) length);
    pos += (int) length;
    return v;
  }

  /** A u8-length ASCII string; bytes outside ASCII become U+FFFD, so that validation refuses them visibly. */
  String shortAscii() {
    return new String(bytes(u8()), StandardCharsets.US_ASCII);
  }

  String shortUtf8() {
    return new String(bytes(u8()), StandardCharsets.UTF_8);
  }

  String mediumUtf8() {
    return new String(bytes(u16()), StandardCharsets.UTF_8);
  }
}
