package kraken.ingest.tcp;

import kraken.ingest.Problem.Reason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a TCP byte stream into frames, whatever way the stream was split into chunks: a frame split over many
 * chunks and many frames in one chunk decode the same. Pure (no Vert.x), so it can be fed from tests and a fuzzer.
 * <p>
 * Nothing untrusted decides an allocation: a frame's length is checked against the maximum before the decoder
 * waits for its body, its type is checked as soon as its first byte is there, and the body is copied out only once
 * every byte of it has arrived. At most one incomplete frame (plus the rest of the last chunk) is held. A stream
 * that cannot be resynchronised (bad magic, wrong version, a length out of bounds, an unknown frame type) ends in
 * a {@link StreamError}; after it the decoder takes nothing more.
 */
public final class FrameDecoder {

  /** One complete frame: its type and body (the bytes after the type). */
  public record Frame(byte type, byte[] body) {
  }

  /** Why the stream cannot go on, as a reason code and a sentence; sent in an ERROR frame before closing. */
  public record StreamError(Reason reason, String message) {
  }

  /** What one chunk completed: the hello (server side, once), frames, and possibly the error that ends the stream. */
  public record Result(boolean helloCompleted, List<Frame> frames, StreamError error) {
    static final Result NOTHING = new Result(false, List.of(), null);
  }

  private final boolean expectHello;
  private final int maxFrameBytes;
  private final boolean fromClient;
  private byte[] pending = new byte[0];
  private int start;
  private int end;
  private boolean helloSeen;
  private StreamError failed;

  private FrameDecoder(boolean expectHello, int maxFrameBytes, boolean fromClient) {
    this.expectHello = expectHello;
    this.maxFrameBytes = maxFrameBytes;
    this.fromClient = fromClient;
  }

  /** The server's decoder of what a client sends: a hello, then READINGS frames. */
  public static FrameDecoder ofClientStream(int maxFrameBytes) {
    return new FrameDecoder(true, maxFrameBytes, true);
  }

  /** The client's decoder of what a server sends: CREDIT, ACK, NACK and ERROR frames, no hello. */
  public static FrameDecoder ofServerStream(int maxFrameBytes) {
    return new FrameDecoder(false, maxFrameBytes, false);
  }

  /** Whether bytes of an incomplete hello or frame are held (a started frame is subject to a timeout). */
  public boolean hasPartialFrame() {
    return end > start || (expectHello && !helloSeen && failed == null);
  }

  /** How many bytes are held; never more than one frame's worth plus the rest of the last chunk. */
  public int bufferedBytes() {
    return end - start;
  }

  public StreamError error() {
    return failed;
  }

  public Result feed(byte[] chunk) {
    return feed(chunk, 0, chunk.length);
  }

  /** Takes the next chunk of the stream and returns what it completed. */
  public Result feed(byte[] chunk, int offset, int length) {
    if (failed != null) {
      return Result.NOTHING;
    }
    append(chunk, offset, length);
    boolean helloNow = false;
    if (expectHello && !helloSeen) {
      failed = checkHello();
      if (failed != null || !helloSeen) {
        return new Result(false, List.of(), failed);
      }
      helloNow = true;
    }
    List<Frame> frames = new ArrayList<>();
    while (failed == null) {
      Frame frame = nextFrame();
      if (frame == null) {
        break;
      }
      frames.add(frame);
    }
    compact();
    return new Result(helloNow, frames, failed);
  }

  /** Checks as much of the hello as has arrived, so that a stranger (an HTTP request, say) is refused at once. */
  private StreamError checkHello() {
    int available = end - start;
    for (int i = 0; i < Math.min(available, Wire.MAGIC.length); i++) {
      if (pending[start + i] != Wire.MAGIC[i]) {
        return new StreamError(Reason.bad_magic, "the stream does not start with the magic \"KRKN\" (4b 52 4b 4e): "
          + "got " + hex(pending, start, Math.min(available, Wire.MAGIC.length)) + "; is this a KRAKEN TCP ingest client?");
      }
    }
    if (available < Wire.HELLO_BYTES) {
      return null;
    }
    int version = u16(start + 4);
    int flags = u16(start + 6);
    if (version != Wire.VERSION) {
      return new StreamError(Reason.unsupported_version, "protocol version " + version
        + " is not supported: this server speaks version " + Wire.VERSION);
    }
    if (flags != 0) {
      return new StreamError(Reason.unsupported_version, String.format("hello flags 0x%04x are not defined in "
        + "protocol version %d: send 0", flags, Wire.VERSION));
    }
    start += Wire.HELLO_BYTES;
    helloSeen = true;
    return null;
  }

  /** The next complete frame, or null if it has not all arrived (or the stream failed; see {@link #failed}). */
  private Frame nextFrame() {
    int available = end - start;
    if (available < Wire.LENGTH_BYTES) {
      return null;
    }
    long length = u32(start);
    if (length == 0) {
      failed = new StreamError(Reason.malformed_frame, "frame length 0 is too short: a frame holds at least its type byte");
      return null;
    }
    if (length > maxFrameBytes) {
      failed = new StreamError(Reason.frame_too_large, "frame length " + length + " exceeds the maximum of "
        + maxFrameBytes + " bytes (ingest.tcp.maxFrameBytes)");
      return null;
    }
    if (available < Wire.LENGTH_BYTES + 1) {
      return null;
    }
    byte type = pending[start + Wire.LENGTH_BYTES];
    int minimum = fromClient ? clientFrameMinimum(type) : serverFrameMinimum(type);
    if (minimum < 0) {
      failed = new StreamError(Reason.malformed_frame, "frame type " + Wire.describeType(type) + " is not one a "
        + (fromClient ? "client sends: expected " + Wire.describeType(Wire.READINGS)
        : "server sends: expected CREDIT, ACK, NACK or ERROR (0x81-0x84)"));
      return null;
    }
    if (length - 1 < minimum) {
      failed = new StreamError(Reason.malformed_frame, "a " + Wire.describeType(type) + " frame has a body of at least "
        + minimum + " bytes; this one declares " + (length - 1));
      return null;
    }
    if (available < Wire.LENGTH_BYTES + length) {
      return null;
    }
    int bodyStart = start + Wire.LENGTH_BYTES + 1;
    byte[] body = Arrays.copyOfRange(pending, bodyStart, bodyStart + (int) length - 1);
    start += Wire.LENGTH_BYTES + (int) length;
    return new Frame(type, body);
  }

  /** Smallest body of a frame type a client may send, or -1 if it may not send it. */
  private static int clientFrameMinimum(byte type) {
    return type == Wire.READINGS ? Wire.READINGS_HEADER_BYTES : -1;
  }

  /** Smallest body of a frame type a server may send, or -1 if it may not send it. */
  private static int serverFrameMinimum(byte type) {
    return switch (type) {
      case Wire.CREDIT -> 4;
      case Wire.ACK -> 8;
      case Wire.NACK -> 10;
      case Wire.ERROR -> 3;
      default -> -1;
    };
  }

  private void append(byte[] chunk, int offset, int length) {
    if (pending.length - end < length) {
      int held = end - start;
      byte[] bigger = pending.length - held >= length ? pending : new byte[Math.max(held + length, pending.length * 2)];
      System.arraycopy(pending, start, bigger, 0, held);
      pending = bigger;
      start = 0;
      end = held;
    }
    System.arraycopy(chunk, offset, pending, end, length);
    end += length;
  }

  /** Lets go of what was consumed; an idle connection holds no buffer at all. */
  private void compact() {
    if (start == end) {
      start = 0;
      end = 0;
      if (pending.length > 64 * 1024) {
        pending = new byte[0];
      }
    }
  }

  private int u16(int at) {
    return ((pending[at] & 0xFF) << 8) | (pending[at + 1] & 0xFF);
  }

  private long u32(int at) {
    return ((long) (pending[at] & 0xFF) << 24) | ((pending[at + 1] & 0xFF) << 16) | ((pending[at + 2] & 0xFF) << 8)
      | (pending[at + 3] & 0xFF);
  }

  private static String hex(byte[] bytes, int from, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[from + i] & 0xFF));
    }
    return text.toString();
  }
}
