package kraken.bus;

import java.util.List;

/** Readings that arrived together at one ingest node, at {@code receivedAt} (epoch milliseconds). */
public record ReadingBatch(String ingestNode, long receivedAt, List<SensorReading> readings) {

  public ReadingBatch {
    readings = List.copyOf(readings);
  }
}
