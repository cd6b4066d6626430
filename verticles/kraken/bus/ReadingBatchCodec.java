package kraken.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading batches are the hottest message: in one JVM the batch itself is delivered, between nodes a compact
 * binary form (no JSON, no base64 of payloads). Layout: length, version byte, ingest node, receivedAt, count, then
 * per reading its fields in record order, the measurement as its {@link SensorKind} wire tag followed by that
 * kind's values in wire order. Decoding checks every length, count, tag and ordinal against what is left of the
 * message before reading or allocating, so a corrupt or hostile message fails with a sentence, never with an
 * out-of-memory or an index error deep inside.
 */
public final class ReadingBatchCodec implements MessageCodec<ReadingBatch, ReadingBatch> {

  private static final byte VERSION = 3;

  /** Why a message could not be decoded. */
  public static final class Malformed extends IllegalStateException {
    Malformed(String message) {
      super(message);
    }

    /** No stack trace: the message says everything, and a flood of bad messages should cost little. */
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, ReadingBatch batch) {
    int lengthAt = buffer.length();
    buffer.appendInt(0);
    buffer.appendByte(VERSION);
    writeString(buffer, batch.ingestNode());
    buffer.appendLong(batch.receivedAt());
    buffer.appendInt(batch.readings().size());
    for (SensorReading r : batch.readings()) {
      writeString(buffer, r.id());
      writeString(buffer, r.sensorId());
      buffer.appendLong(r.timestamp());
      SensorKind kind = SensorKind.of(r.sensorType());
      buffer.appendByte(kind.tag());
      for (double value : kind.values(r.sensorType())) {
        buffer.appendDouble(value);
      }
      buffer.appendInt(r.payload().length).appendBytes(r.payload());
      buffer.appendByte((byte) r.classification().ordinal());
      buffer.appendByte((byte) r.priority().ordinal());
    }
    buffer.setInt(lengthAt, buffer.length() - lengthAt - 4);
  }

  @Override
  public ReadingBatch decodeFromWire(int pos, Buffer buffer) {
    if (pos < 0 || pos + 4 > buffer.length()) {
      throw new Malformed("reading batch: no length at position " + pos + " of a " + buffer.length() + "-byte message");
    }
    int length = buffer.getInt(pos);
    if (length < 0 || length > buffer.length() - pos - 4) {
      throw new Malformed("reading batch: length " + length + " exceeds the " + (buffer.length() - pos - 4)
        + " bytes that follow");
    }
    Reader in = new Reader(buffer, pos + 4, pos + 4 + length);
    byte version = in.readByte();
    if (version != VERSION) {
      throw new Malformed("reading batch wire version " + version + " is not " + VERSION);
    }
    String ingestNode = in.readString();
    long receivedAt = in.readLong();
    // the smallest reading is 2 + 2 (empty strings) + 8 + 1 + 4 + 2 bytes
    int count = in.readCount(19);
    List<SensorReading> readings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = in.readString();
      String sensorId = in.readString();
      long timestamp = in.readLong();
      byte tag = in.readByte();
      SensorKind kind = SensorKind.byTag(tag).orElseThrow(() -> new Malformed("reading batch: unknown sensor kind tag " + tag));
      double[] slots = new double[kind.slots()];
      for (int s = 0; s < slots.length; s++) {
        slots[s] = in.readDouble();
      }
      checkChoices(kind, slots);
      byte[] payload = in.readBytes(in.readCount(1));
      Classification classification = in.readOrdinal(Classification.values(), "classification");
      Priority priority = in.readOrdinal(Priority.values(), "priority");
      readings.add(new SensorReading(id, sensorId, timestamp, kind.create(slots), payload, classification, priority));
    }
    return new ReadingBatch(ingestNode, receivedAt, readings);
  }

  @Override
  public ReadingBatch transform(ReadingBatch batch) {
    return batch;
  }

  @Override
  public String name() {
    return "kraken.ReadingBatch.v3";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  /** A choice (an enum ordinal) outside its constants would fail deep in the record's construction: say so here. */
  private static void checkChoices(SensorKind kind, double[] slots) {
    int slot = 0;
    for (SensorKind.Field field : kind.fields()) {
      if (field.shape() == SensorKind.Shape.CHOICE && !field.allows(slots[slot])) {
        throw new Malformed("reading batch: " + kind + "." + field.name() + " " + slots[slot] + " is not "
          + field.allowed());
      }
      slot += field.width();
    }
  }

  private static void writeString(Buffer out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.appendUnsignedShort(bytes.length).appendBytes(bytes);
  }

  /** A cursor over one message that never reads past its end. */
  private static final class Reader {
    private final Buffer buffer;
    private final int end;
    private int pos;

    Reader(Buffer buffer, int pos, int end) {
      this.buffer = buffer;
      this.pos = pos;
      this.end = end;
    }

    private void need(int bytes, String what) {
      if (bytes > end - pos) {
        throw new Malformed("reading batch: " + what + " needs " + bytes + " bytes at offset " + pos
          + " but only " + (end - pos) + " remain");
      }
    }

    byte readByte() {
      need(1, "a byte");
      return buffer.getByte(pos++);
    }

    long readLong() {
      need(8, "a long");
      long v = buffer.getLong(pos);
      pos += 8;
      return v;
    }

    double readDouble() {
      need(8, "a double");
      double v = buffer.getDouble(pos);
      pos += 8;
      return v;
    }

    /** A non-negative count of items of at least {@code minItemBytes} each, checked against what remains. */
    int readCount(int minItemBytes) {
      need(4, "a count");
      int count = buffer.getInt(pos);
      pos += 4;
      if (count < 0 || (long) count * minItemBytes > end - pos) {
        throw new Malformed("reading batch: count " + count + " does not fit in the " + (end - pos)
          + " bytes that remain");
      }
      return count;
    }

    byte[] readBytes(int length) {
      need(length, "a field of " + length + " bytes");
      byte[] v = buffer.getBytes(pos, pos + length);
      pos += length;
      return v;
    }

    String readString() {
      need(2, "a string length");
      int length = buffer.getUnsignedShort(pos);
      pos += 2;
      return new String(readBytes(length), StandardCharsets.UTF_8);
    }

    <E extends Enum<E>> E readOrdinal(E[] values, String what) {
      byte ordinal = readByte();
      if (ordinal < 0 || ordinal >= values.length) {
        throw new Malformed("reading batch: " + what + " ordinal " + ordinal + " is not one of 0.." + (values.length - 1));
      }
      return values[ordinal];
    }
  }
}
