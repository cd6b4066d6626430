package kraken.drill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what the load generator was told (acknowledged readings per sensor) with what the picture counted
 * (each contact {@code C-<sensorId>}'s {@code readingCount}). An acknowledged reading must be counted exactly once,
 * so per sensor: {@code missing = acked - counted} when positive. A count above the acknowledged readings is
 * explained first by readings that were sent but never acknowledged (a {@code pipeline_timeout} or a lost answer
 * may still have reached the picture: "unacknowledged but present"), and only the rest is double counting.
 * Counts cannot tell one lost and one doubled reading of the same sensor from neither, which is why the generator
 * spreads readings over many sensors. Run it against a picture that holds only this run's sensors.
 */
public final class PictureAudit {

  /** How many sensors with a problem the report lists by name. */
  static final int LISTED_PROBLEMS = 20;

  /** One sensor's comparison. */
  public record SensorCount(String sensorId, long acked, long unacked, long counted) {

    public long missing() {
      return Math.max(0, acked - counted);
    }

    public long unacknowledgedButPresent() {
      return Math.min(unacked, Math.max(0, counted - acked));
    }

    public long doubleCounted() {
      return Math.max(0, counted - acked) - unacknowledgedButPresent();
    }

    JsonObject toJson() {
      return new JsonObject().put("sensorId", sensorId).put("contactId", contactId(sensorId)).put("acked", acked)
        .put("unacked", unacked).put("reading_count", counted).put("missing", missing())
        .put("double_counted", doubleCounted()).put("unacknowledged_but_present", unacknowledgedButPresent());
    }
  }

  /** The verdict over every sensor of the run. */
  public record Result(List<SensorCount> sensors, long ackedLines) {

    public long acked() {
      return sensors.stream().mapToLong(SensorCount::acked).sum();
    }

    public long unacked() {
      return sensors.stream().mapToLong(SensorCount::unacked).sum();
    }

    public long counted() {
      return sensors.stream().mapToLong(SensorCount::counted).sum();
    }

    public long missing() {
      return sensors.stream().mapToLong(SensorCount::missing).sum();
    }

    public long doubleCounted() {
      return sensors.stream().mapToLong(SensorCount::doubleCounted).sum();
    }

    public long unacknowledgedButPresent() {
      return sensors.stream().mapToLong(SensorCount::unacknowledgedButPresent).sum();
    }

    /** Nothing acknowledged is missing and nothing is counted twice. */
    public boolean holds() {
      return missing() == 0 && doubleCounted() == 0;
    }

    public JsonObject toJson() {
      JsonArray problems = new JsonArray();
      sensors.stream().filter(s -> s.missing() > 0 || s.doubleCounted() > 0).limit(LISTED_PROBLEMS)
        .forEach(s -> problems.add(s.toJson()));
      return new JsonObject().put("ok", holds()).put("acked", acked()).put("acked_lines", ackedLines)
        .put("acked_repeats", ackedLines - acked()).put("unacked", unacked()).put("in_picture", counted())
        .put("missing", missing()).put("double_counted", doubleCounted())
        .put("unacknowledged_but_present", unacknowledgedButPresent()).put("sensors", sensors.size())
        .put("problems", problems);
    }

    public String describe() {
      return String.format("drill check: %s%n%d readings acknowledged (%d ack lines), %d sent but never "
          + "acknowledged, %d counted in the picture over %d sensors%nmissing %d, double-counted %d, "
          + "unacknowledged but present %d", holds() ? "HOLDS" : "FAILED", acked(), ackedLines, unacked(),
        counted(), sensors.size(), missing(), doubleCounted(), unacknowledgedButPresent());
    }
  }

  private PictureAudit() {
  }

  public static String contactId(String sensorId) {
    return "C-" + sensorId;
  }

  /**
   * @param ackedBySensor    distinct acknowledged reading ids per sensor
   * @param unackedBySensor  distinct ids sent but never acknowledged per sensor (ids also acknowledged are ignored)
   * @param countedByContact {@code readingCount} per contact id
   * @param ackedLines       lines of the acked-ids file, repeats included
   */
  public static Result compare(Map<String, Set<String>> ackedBySensor, Map<String, Set<String>> unackedBySensor,
                               Map<String, Long> countedByContact, long ackedLines) {
    Set<String> sensorIds = new TreeSet<>(ackedBySensor.keySet());
    sensorIds.addAll(unackedBySensor.keySet());
    List<SensorCount> sensors = new ArrayList<>(sensorIds.size());
    for (String sensorId : sensorIds) {
      Set<String> acked = ackedBySensor.getOrDefault(sensorId, Set.of());
      long unacked = unackedBySensor.getOrDefault(sensorId, Set.of()).stream().filter(id -> !acked.contains(id))
        .count();
      sensors.add(new SensorCount(sensorId, acked.size(), unacked,
        countedByContact.getOrDefault(contactId(sensorId), 0L)));
    }
    return new Result(sensors, ackedLines);
  }
}
