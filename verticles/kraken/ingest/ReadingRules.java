package kraken.ingest;

import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorKind;
import kraken.bus.SensorReading;
import kraken.ingest.Problem.Reason;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a reading must satisfy, whatever transport brought it: id shapes, the timestamp window and every field's
 * range (from {@link SensorKind}). Transports decode their bytes into a {@link Candidate}, reporting only what
 * is specific to their encoding (a JSON string where a number belongs, an unknown wire tag); everything else is
 * judged here, so HTTP and TCP refuse the same reading with the same reason and sentence.
 */
public final class ReadingRules {

  /** Sensors may run slightly ahead of us; readings further in the future than this are refused. */
  static final long MAX_FUTURE_SKEW_MS = 5 * 60_000;
  /** 2000-01-01T00:00:00Z: earlier timestamps are clock faults, not readings. */
  static final long MIN_TIMESTAMP_MS = 946_684_800_000L;
  public static final String ID_ALLOWED = "a string of 1 to 128 characters from A-Z a-z 0-9 . _ : -";

  private ReadingRules() {
  }

  /**
   * A reading as a transport decoded it, not yet judged. Absent parts are null (a JSON field that was missing or of
   * the wrong type, already reported by the transport); {@code slots} are the kind's values in wire order.
   */
  public record Candidate(String id, String sensorId, Long timestamp, SensorKind kind, double[] slots, byte[] payload,
                          Classification classification, Priority priority) {
  }

  /** The result of judging one reading: the reading, or every problem it has. */
  public record Verdict(SensorReading reading, List<Problem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Judges reading {@code index} of a request; {@code decodingProblems} are those the transport already found.
   * A reading is accepted only if it has no problem at all.
   */
  public static Verdict judge(int index, Candidate c, List<Problem> decodingProblems, long now) {
    List<Problem> problems = new ArrayList<>(decodingProblems);
    checkId(index, "id", c.id(), problems);
    checkId(index, "sensorId", c.sensorId(), problems);
    if (c.timestamp() != null) {
      checkTimestamp(index, c.timestamp(), now, problems);
    }
    if (c.kind() != null && c.slots() != null) {
      checkFields(index, c.kind(), c.slots(), problems);
    }
    if (!problems.isEmpty() || c.kind() == null || c.slots() == null || c.timestamp() == null
      || c.classification() == null || c.priority() == null || c.payload() == null) {
      if (problems.isEmpty()) {
        throw new IllegalStateException("a decoder left a part of reading " + index + " out without saying why");
      }
      return new Verdict(null, problems);
    }
    return new Verdict(new SensorReading(c.id(), c.sensorId(), c.timestamp(), c.kind().create(c.slots()), c.payload(),
      c.classification(), c.priority()), List.of());
  }

  /** Problems for ids that appear more than once in one request (a reading is identified by sensor and id). */
  public static List<Problem> duplicates(List<SensorReading> readings, List<Integer> indexes) {
    Set<String> seen = new HashSet<>();
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < readings.size(); i++) {
      SensorReading r = readings.get(i);
      if (!seen.add(r.sensorId() + '\u0000' + r.id())) {
        problems.add(new Problem(indexes.get(i), "id", Reason.duplicate_id, "id '" + r.id()
          + "' of sensor '" + r.sensorId() + "' appears more than once in this request"));
      }
    }
    return problems;
  }

  private static void checkId(int index, String field, String value, List<Problem> problems) {
    if (value != null && !isId(value)) {
      problems.add(new Problem(index, field, Reason.invalid_value,
        Problem.describe(value) + " is not valid: expected " + ID_ALLOWED));
    }
  }

  /** 1 to 128 of A-Z a-z 0-9 . _ : - (a loop: the regex was a tenth of a TCP ingest profile). */
  static boolean isId(String value) {
    int length = value.length();
    if (length < 1 || length > 128) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == ':' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  private static void checkTimestamp(int index, long millis, long now, List<Problem> problems) {
    if (millis < MIN_TIMESTAMP_MS || millis > now + MAX_FUTURE_SKEW_MS) {
      problems.add(new Problem(index, "timestamp", Reason.invalid_value, millis + " (epoch ms) is out of range: "
        + "expected 2000-01-01 or later and at most " + (MAX_FUTURE_SKEW_MS / 60_000)
        + " minutes ahead of the receiver's clock (" + Instant.ofEpochMilli(now) + ")"));
    }
  }

  private static void checkFields(int index, SensorKind kind, double[] slots, List<Problem> problems) {
    int slot = 0;
    for (SensorKind.Field field : kind.fields()) {
      String path = "sensorType." + field.name();
      if (field.shape() == SensorKind.Shape.FREQUENCY_RANGE) {
        double low = slots[slot];
        double high = slots[slot + 1];
        checkValue(index, path + ".lowMhz", field, low, problems);
        checkValue(index, path + ".highMhz", field, high, problems);
        if (!Double.isNaN(low) && !Double.isNaN(high) && !(low < high)) {
          problems.add(new Problem(index, path, Reason.invalid_value, "lowMhz " + low + " is not below highMhz " + high));
        }
      } else {
        checkValue(index, path, field, slots[slot], problems);
      }
      slot += field.width();
    }
    checkOptionalTogether(index, kind, slots, problems);
  }

  /** Optional geometry is all or nothing (a latitude without its longitude locates nothing). */
  private static void checkOptionalTogether(int index, SensorKind kind, double[] slots, List<Problem> problems) {
    if (!kind.hasOptionalFields()) {
      return;
    }
    List<String> optional = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    int slot = 0;
    for (SensorKind.Field field : kind.fields()) {
      if (field.optional()) {
        optional.add(field.name());
        if (Double.isNaN(slots[slot])) {
          absent.add(field.name());
        }
      }
      slot += field.width();
    }
    boolean alreadyReported = problems.stream().anyMatch(p -> p.reading() == index && p.field() != null
      && optional.stream().anyMatch(name -> p.field().equals("sensorType." + name)));
    if (!absent.isEmpty() && absent.size() < optional.size() && !alreadyReported) {
      problems.add(new Problem(index, "sensorType." + absent.get(0), Reason.missing_field, "missing '"
        + absent.get(0) + "': " + kind + "'s optional fields " + String.join(", ", optional)
        + " come together: give all of them or none"));
    }
  }

  private static void checkValue(int index, String path, SensorKind.Field field, double value, List<Problem> problems) {
    if (Double.isNaN(value)) {
      return; // the transport could not read it and said so
    }
    if (!Double.isFinite(value) || !field.allows(value)) {
      String shown = field.shape() == SensorKind.Shape.CHOICE ? "value " + (long) value
        : field.shape() == SensorKind.Shape.INTEGER && value == Math.rint(value) ? Long.toString((long) value)
        : Double.toString(value);
      String verb = field.shape() == SensorKind.Shape.NUMBER || field.shape() == SensorKind.Shape.FREQUENCY_RANGE
        ? " is out of range: expected " : " is not valid: expected ";
      problems.add(new Problem(index, path, Reason.invalid_value, shown + verb + field.allowed()));
    }
  }
}
