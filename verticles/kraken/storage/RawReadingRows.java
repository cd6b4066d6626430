package kraken.storage;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import kraken.bus.SensorReading;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One batch of readings as one INSERT: each column travels as an array and UNNEST turns the arrays back into
 * rows, so a batch of any size is one statement and one round trip.
 */
final class RawReadingRows {

  /** A reading already stored (same sensor, same reading id) is left as it is: a resend stores nothing twice. */
  static final String INSERT = """
    INSERT INTO raw_readings (sensor_id, reading_id, measured_at, received_at, kind, fields, payload,
                              classification, priority, ingest_node)
    SELECT r.sensor_id, r.reading_id, r.measured_at, $9, r.kind, r.fields::jsonb, r.payload,
           r.classification, r.priority, $10
    FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::text[])
      AS r(sensor_id, reading_id, measured_at, kind, fields, payload, classification, priority)
    ON CONFLICT (sensor_id, reading_id) DO NOTHING""";

  private RawReadingRows() {
  }

  static Tuple parameters(String ingestNode, long receivedAt, List<SensorReading> readings) {
    int n = readings.size();
    String[] sensorIds = new String[n];
    String[] readingIds = new String[n];
    OffsetDateTime[] measuredAt = new OffsetDateTime[n];
    String[] kinds = new String[n];
    String[] fields = new String[n];
    Buffer[] payloads = new Buffer[n];
    String[] classifications = new String[n];
    String[] priorities = new String[n];
    for (int i = 0; i < n; i++) {
      SensorReading reading = readings.get(i);
      sensorIds[i] = reading.sensorId();
      readingIds[i] = reading.id();
      measuredAt[i] = utc(reading.timestamp());
      kinds[i] = reading.sensorType().name();
      fields[i] = reading.sensorType().toJson().encode();
      payloads[i] = Buffer.buffer(reading.payload() == null ? new byte[0] : reading.payload());
      classifications[i] = reading.classification().name();
      priorities[i] = reading.priority().name();
    }
    return Tuple.tuple().addArrayOfString(sensorIds).addArrayOfString(readingIds)
      .addArrayOfOffsetDateTime(measuredAt).addArrayOfString(kinds).addArrayOfString(fields)
      .addArrayOfBuffer(payloads).addArrayOfString(classifications).addArrayOfString(priorities)
      .addOffsetDateTime(utc(receivedAt)).addString(ingestNode);
  }

  private static OffsetDateTime utc(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
  }
}
