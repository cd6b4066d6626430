package kraken.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading batches are the hottest message: in one JVM the batch itself is delivered, between nodes a compact
 * binary form (no JSON, no base64 of payloads). Layout: version byte, ingest node, receivedAt, count, then per
 * reading its fields in record order, the sensor type as a tag byte followed by that type's fields.
 */
public final class ReadingBatchCodec implements MessageCodec<ReadingBatch, ReadingBatch> {

  private static final byte VERSION = 1;
  /** Two empty strings, timestamp, tag, payload length, classification, priority: no reading is shorter. */
  private static final int MIN_READING_BYTES = 4 + 4 + 8 + 1 + 4 + 1 + 1;

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
      writeSensorType(buffer, r.sensorType());
      buffer.appendInt(r.payload().length).appendBytes(r.payload());
      buffer.appendByte((byte) r.classification().ordinal());
      buffer.appendByte((byte) r.priority().ordinal());
    }
    buffer.setInt(lengthAt, buffer.length() - lengthAt - 4);
  }

  /**
   * Every length and count is checked against the bytes the message holds before anything is read or allocated,
   * so a corrupt or hostile message fails with an IllegalStateException saying why, never an out-of-bounds read or
   * an allocation sized by a peer.
   */
  @Override
  public ReadingBatch decodeFromWire(int pos, Buffer buffer) {
    if (pos < 0 || pos + 4 > buffer.length()) {
      throw new IllegalStateException("reading batch: no length at offset " + pos + " of " + buffer.length() + " bytes");
    }
    int length = buffer.getInt(pos);
    if (length < 0 || length > buffer.length() - pos - 4) {
      throw new IllegalStateException("reading batch: length " + length + " exceeds the " + (buffer.length() - pos - 4)
        + " bytes received");
    }
    Reader in = new Reader(buffer, pos + 4, pos + 4 + length);
    byte version = in.readByte();
    if (version != VERSION) {
      throw new IllegalStateException("reading batch wire version " + version + " is not " + VERSION);
    }
    String ingestNode = in.readString();
    long receivedAt = in.readLong();
    int count = in.readInt();
    if (count < 0 || count > in.remaining() / MIN_READING_BYTES) {
      throw new IllegalStateException("reading batch: count " + count + " cannot fit the " + in.remaining()
        + " bytes left");
    }
    List<SensorReading> readings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = in.readString();
      String sensorId = in.readString();
      long timestamp = in.readLong();
      SensorType type = readSensorType(in);
      byte[] payload = in.readBytes(in.readInt());
      Classification classification = in.readOrdinal(Classification.values());
      Priority priority = in.readOrdinal(Priority.values());
      readings.add(new SensorReading(id, sensorId, timestamp, type, payload, classification, priority));
    }
    return new ReadingBatch(ingestNode, receivedAt, readings);
  }

  @Override
  public ReadingBatch transform(ReadingBatch batch) {
    return batch;
  }

  @Override
  public String name() {
    return "kraken.ReadingBatch.v1";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static void writeSensorType(Buffer out, SensorType type) {
    if (type instanceof SensorType.SonarPassive t) {
      out.appendByte((byte) 1).appendDouble(t.frequencyMhz()).appendDouble(t.bearing());
    } else if (type instanceof SensorType.SonarActive t) {
      out.appendByte((byte) 2).appendDouble(t.pingStrength()).appendDouble(t.returnTimeMs());
    } else if (type instanceof SensorType.SatelliteOptical t) {
      out.appendByte((byte) 3).appendDouble(t.lat()).appendDouble(t.lon()).appendInt(t.zoomLevel());
    } else if (type instanceof SensorType.SatelliteSignals t) {
      out.appendByte((byte) 4).appendDouble(t.frequencyRange().lowMhz()).appendDouble(t.frequencyRange().highMhz())
        .appendDouble(t.signalStrength());
    } else if (type instanceof SensorType.CommsIntercept t) {
      out.appendByte((byte) 5).appendDouble(t.frequencyMhz()).appendByte((byte) t.encryptionType().ordinal());
    } else {
      throw new IllegalArgumentException("no wire tag for sensor type " + type);
    }
  }

  private static SensorType readSensorType(Reader in) {
    byte tag = in.readByte();
    return switch (tag) {
      case 1 -> new SensorType.SonarPassive(in.readDouble(), in.readDouble());
      case 2 -> new SensorType.SonarActive(in.readDouble(), in.readDouble());
      case 3 -> new SensorType.SatelliteOptical(in.readDouble(), in.readDouble(), in.readInt());
      case 4 -> new SensorType.SatelliteSignals(new SensorType.FrequencyRange(in.readDouble(), in.readDouble()),
        in.readDouble());
      case 5 -> new SensorType.CommsIntercept(in.readDouble(), in.readOrdinal(SensorType.Encryption.values()));
      default -> throw new IllegalStateException("unknown sensor type tag " + tag + " on the wire");
    };
  }

  private static void writeString(Buffer out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.appendInt(bytes.length).appendBytes(bytes);
  }

  /** A cursor over one message that refuses to read past its end. */
  private static final class Reader {
    private final Buffer buffer;
    private final int end;
    private int pos;

    Reader(Buffer buffer, int pos, int end) {
      this.buffer = buffer;
      this.pos = pos;
      this.end = end;
    }

    int remaining() {
      return end - pos;
    }

    private void need(long bytes) {
      if (bytes < 0 || bytes > end - pos) {
        throw new IllegalStateException("reading batch: " + bytes + " bytes needed at offset " + pos + ", "
          + (end - pos) + " left");
      }
    }

    byte readByte() {
      need(1);
      return buffer.getByte(pos++);
    }

    int readInt() {
      need(4);
      int v = buffer.getInt(pos);
      pos += 4;
      return v;
    }

    long readLong() {
      need(8);
      long v = buffer.getLong(pos);
      pos += 8;
      return v;
    }

    double readDouble() {
      need(8);
      double v = buffer.getDouble(pos);
      pos += 8;
      return v;
    }

    byte[] readBytes(int length) {
      need(length);
      byte[] v = buffer.getBytes(pos, pos + length);
      pos += length;
      return v;
    }

    String readString() {
      return new String(readBytes(readInt()), StandardCharsets.UTF_8);
    }

    <E extends Enum<E>> E readOrdinal(E[] values) {
      int ordinal = readByte() & 0xFF;
      if (ordinal >= values.length) {
        throw new IllegalStateException("reading batch: ordinal " + ordinal + " of " + values.length + " "
          + values[0].getDeclaringClass().getSimpleName() + " values");
      }
      return values[ordinal];
    }
  }
}
