package kraken.ingest;

import io.vertx.core.json.JsonObject;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.ingest.Problem.Reason;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns one JSON reading into a {@link SensorReading}, or into every {@link Problem} it has. Strict on purpose:
 * unknown fields, wrong types and out-of-range values are refused with the field and what is allowed, because a
 * sensor that sends a typo should hear about it rather than have the value silently ignored.
 */
public final class ReadingParser {

  /** Sensors may run slightly ahead of us; readings further in the future than this are refused. */
  static final long MAX_FUTURE_SKEW_MS = 5 * 60_000;
  /** 2000-01-01T00:00:00Z: earlier timestamps are clock faults, not readings. */
  static final long MIN_TIMESTAMP_MS = 946_684_800_000L;

  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
  private static final Set<String> FIELDS =
    Set.of("id", "sensorId", "timestamp", "sensorType", "payload", "classification", "priority");

  /** The sensor kinds, each with the fields its object may hold and how to read them. */
  private enum Kind {
    SonarPassive(Set.of("frequencyMhz", "bearing"), (Fields f) -> new SensorType.SonarPassive(
      f.number("frequencyMhz", 0, false, 1, true, "greater than 0 and at most 1 (MHz)"),
      f.number("bearing", 0, true, 360, false, "at least 0 and below 360 (degrees)"))),
    SonarActive(Set.of("pingStrength", "returnTimeMs"), (Fields f) -> new SensorType.SonarActive(
      f.number("pingStrength", 0, true, 1, true, "from 0 to 1"),
      f.number("returnTimeMs", 0, false, 600_000, true, "greater than 0 and at most 600000 (ms)"))),
    SatelliteOptical(Set.of("lat", "lon", "zoomLevel"), (Fields f) -> new SensorType.SatelliteOptical(
      f.number("lat", -90, true, 90, true, "from -90 to 90 (degrees)"),
      f.number("lon", -180, true, 180, true, "from -180 to 180 (degrees)"),
      f.integer("zoomLevel", 0, 22))),
    SatelliteSignals(Set.of("frequencyRange", "signalStrength"), (Fields f) -> new SensorType.SatelliteSignals(
      f.frequencyRange("frequencyRange"),
      f.number("signalStrength", -200, true, 50, true, "from -200 to 50 (dBm)"))),
    CommsIntercept(Set.of("frequencyMhz", "encryptionType"), (Fields f) -> new SensorType.CommsIntercept(
      f.number("frequencyMhz", 0, false, 300_000, true, "greater than 0 and at most 300000 (MHz)"),
      f.choice("encryptionType", SensorType.Encryption.class)));

    final Set<String> fields;
    final Function<Fields, SensorType> read;

    Kind(Set<String> fields, Function<Fields, SensorType> read) {
      this.fields = fields;
      this.read = read;
    }
  }

  private static final String KINDS = Arrays.stream(Kind.values()).map(Enum::name).collect(Collectors.joining(", "));

  private ReadingParser() {
  }

  /** The result of parsing one reading: exactly one of the two is present. */
  public record Parsed(SensorReading reading, List<Problem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Parses the reading at position {@code index} of a request; {@code element} may be any JSON value. */
  public static Parsed parse(int index, Object element, long now) {
    if (!(element instanceof JsonObject json)) {
      return new Parsed(null, List.of(new Problem(index, null, Reason.invalid_value,
        "a reading must be a JSON object, got " + describe(element))));
    }
    Fields f = new Fields(index, "", json);
    f.rejectUnknown(FIELDS);
    String id = f.id("id");
    String sensorId = f.id("sensorId");
    long timestamp = f.timestamp("timestamp", now);
    SensorType type = f.sensorType("sensorType");
    byte[] payload = f.payload("payload");
    Classification classification = f.optionalChoice("classification", Classification.class, Classification.Unclassified);
    Priority priority = f.optionalChoice("priority", Priority.class, Priority.Medium);
    if (!f.problems.isEmpty()) {
      return new Parsed(null, f.problems);
    }
    return new Parsed(new SensorReading(id, sensorId, timestamp, type, payload, classification, priority), List.of());
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  /** Reads the fields of one JSON object, collecting problems instead of stopping at the first. */
  private static final class Fields {
    final int index;
    final String prefix;
    final JsonObject json;
    final List<Problem> problems;

    Fields(int index, String prefix, JsonObject json) {
      this(index, prefix, json, new ArrayList<>());
    }

    Fields(int index, String prefix, JsonObject json, List<Problem> problems) {
      this.index = index;
      this.prefix = prefix;
      this.json = json;
      this.problems = problems;
    }

    void problem(String field, Reason reason, String message) {
      problems.add(new Problem(index, prefix + field, reason, message));
    }

    void rejectUnknown(Set<String> allowed) {
      for (String name : json.fieldNames()) {
        if (!allowed.contains(name)) {
          String shown = name.length() > 60 ? name.substring(0, 57) + "..." : name;
          problem(shown, Reason.unknown_field, "unknown field '" + shown + "'; allowed: "
            + allowed.stream().sorted().collect(Collectors.joining(", ")));
        }
      }
    }

    Object required(String field, String expected) {
      Object value = json.getValue(field);
      if (value == null) {
        problem(field, Reason.missing_field, "missing required field '" + prefix + field + "': expected " + expected);
      }
      return value;
    }

    String id(String field) {
      String expected = "a string of 1 to 128 characters from A-Z a-z 0-9 . _ : -";
      Object value = required(field, expected);
      if (value == null) {
        return null;
      }
      if (!(value instanceof String s) || !ID.matcher(s).matches()) {
        problem(field, Reason.invalid_value, describe(value) + " is not valid: expected " + expected);
        return null;
      }
      return s;
    }

    long timestamp(String field, long now) {
      String expected = "an ISO-8601 instant (2026-11-23T10:15:30Z) or epoch milliseconds";
      Object value = required(field, expected);
      long millis;
      if (value == null) {
        return 0;
      } else if ((value instanceof Integer || value instanceof Long) || (value instanceof Double d && d == Math.rint(d)
        && Math.abs(d) < 9.0e15)) {
        millis = ((Number) value).longValue();
      } else if (value instanceof String s) {
        try {
          millis = Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
          problem(field, Reason.invalid_value, describe(value) + " is not valid: expected " + expected);
          return 0;
        }
      } else {
        problem(field, Reason.invalid_value, describe(value) + " is not valid: expected " + expected);
        return 0;
      }
      if (millis < MIN_TIMESTAMP_MS || millis > now + MAX_FUTURE_SKEW_MS) {
        problem(field, Reason.invalid_value, describe(value) + " is out of range: expected 2000-01-01 or later and at most "
          + (MAX_FUTURE_SKEW_MS / 60_000) + " minutes ahead of the receiver's clock (" + Instant.ofEpochMilli(now) + ")");
      }
      return millis;
    }

    double number(String field, double min, boolean minInclusive, double max, boolean maxInclusive, String range) {
      Object value = required(field, "a number " + range);
      if (value == null) {
        return Double.NaN;
      }
      if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        problem(field, Reason.invalid_value, describe(value) + " is not a number: expected a number " + range);
        return Double.NaN;
      }
      double d = n.doubleValue();
      boolean aboveMin = minInclusive ? d >= min : d > min;
      boolean belowMax = maxInclusive ? d <= max : d < max;
      if (!aboveMin || !belowMax) {
        problem(field, Reason.invalid_value, d + " is out of range: expected " + range);
      }
      return d;
    }

    int integer(String field, int min, int max) {
      String expected = "an integer from " + min + " to " + max;
      Object value = required(field, expected);
      if (value == null) {
        return 0;
      }
      if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < min || n.doubleValue() > max) {
        problem(field, Reason.invalid_value, describe(value) + " is not valid: expected " + expected);
        return 0;
      }
      return n.intValue();
    }

    <E extends Enum<E>> E choice(String field, Class<E> type) {
      String expected = "one of " + names(type);
      Object value = required(field, expected);
      return value == null ? null : enumValue(field, value, type, expected);
    }

    <E extends Enum<E>> E optionalChoice(String field, Class<E> type, E absent) {
      Object value = json.getValue(field);
      return value == null ? absent : enumValue(field, value, type, "one of " + names(type));
    }

    private <E extends Enum<E>> E enumValue(String field, Object value, Class<E> type, String expected) {
      if (value instanceof String s) {
        for (E constant : type.getEnumConstants()) {
          if (constant.name().equals(s)) {
            return constant;
          }
        }
      }
      problem(field, Reason.invalid_value, describe(value) + " is not valid: expected " + expected);
      return null;
    }

    private static String names(Class<? extends Enum<?>> type) {
      return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    byte[] payload(String field) {
      Object value = json.getValue(field);
      if (value == null) {
        return new byte[0];
      }
      if (value instanceof String s) {
        try {
          return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
          // falls through to the problem below
        }
      }
      problem(field, Reason.invalid_value, "payload is not valid: expected a base64 string (standard alphabet)");
      return null;
    }

    /** The fields of a required nested object, or null (with the problem noted) when it is absent or not an object. */
    Fields nested(String field, String expected) {
      Object value = required(field, expected);
      if (value == null) {
        return null;
      }
      if (!(value instanceof JsonObject object)) {
        problem(field, Reason.invalid_value, describe(value) + " is not valid: expected " + expected);
        return null;
      }
      return new Fields(index, prefix + field + ".", object, problems);
    }

    SensorType sensorType(String field) {
      Fields nested = nested(field, "an object whose 'type' is one of " + KINDS);
      if (nested == null) {
        return null;
      }
      Object typeName = nested.required("type", "one of " + KINDS);
      if (typeName == null) {
        return null;
      }
      Kind kind = Arrays.stream(Kind.values()).filter(k -> k.name().equals(typeName)).findFirst().orElse(null);
      if (kind == null) {
        nested.problem("type", Reason.unknown_sensor_type,
          "unknown sensor type " + describe(typeName) + ": expected one of " + KINDS);
        return null;
      }
      Set<String> allowed = new java.util.HashSet<>(kind.fields);
      allowed.add("type");
      nested.rejectUnknown(allowed);
      int before = problems.size();
      SensorType type = kind.read.apply(nested);
      return problems.size() == before ? type : null;
    }

    SensorType.FrequencyRange frequencyRange(String field) {
      Fields nested = nested(field, "an object {lowMhz, highMhz} with 0 < lowMhz < highMhz <= 300000");
      if (nested == null) {
        return null;
      }
      nested.rejectUnknown(Set.of("lowMhz", "highMhz"));
      double low = nested.number("lowMhz", 0, false, 300_000, true, "greater than 0 and at most 300000 (MHz)");
      double high = nested.number("highMhz", 0, false, 300_000, true, "greater than 0 and at most 300000 (MHz)");
      if (low >= high) {
        problem(field, Reason.invalid_value, "lowMhz " + low + " is not below highMhz " + high);
      }
      return new SensorType.FrequencyRange(low, high);
    }
  }
}
