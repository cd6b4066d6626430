package kraken.ingest;

import io.vertx.core.json.JsonObject;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorKind;
import kraken.ingest.Problem.Reason;
import kraken.ingest.ReadingRules.Candidate;
import kraken.ingest.ReadingRules.Verdict;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static kraken.ingest.Problem.describe;

/**
 * Turns one JSON reading into a {@link Candidate} for {@link ReadingRules}. Strict on purpose: unknown fields and
 * wrong JSON types are refused with the field and what is allowed, because a sensor that sends a typo should hear
 * about it rather than have the value silently ignored. Ranges are judged by {@link ReadingRules}, the same for
 * every transport.
 */
public final class ReadingParser {

  private static final Set<String> FIELDS =
    Set.of("id", "sensorId", "timestamp", "sensorType", "payload", "classification", "priority");

  private ReadingParser() {
  }

  /** Parses and judges the reading at position {@code index} of a request; {@code element} may be any JSON value. */
  public static Verdict parse(int index, Object element, long now) {
    if (!(element instanceof JsonObject json)) {
      return new Verdict(null, List.of(new Problem(index, null, Reason.invalid_value,
        "a reading must be a JSON object, got " + describe(element))));
    }
    Fields f = new Fields(index, "", json, new ArrayList<>());
    f.rejectUnknown(FIELDS);
    String id = f.id("id");
    String sensorId = f.id("sensorId");
    Long timestamp = f.timestamp("timestamp");
    Measurement measurement = f.sensorType("sensorType");
    byte[] payload = f.payload("payload");
    Classification classification = f.optionalChoice("classification", Classification.class, Classification.Unclassified);
    Priority priority = f.optionalChoice("priority", Priority.class, Priority.Medium);
    Candidate candidate = new Candidate(id, sensorId, timestamp, measurement == null ? null : measurement.kind,
      measurement == null ? null : measurement.slots, payload, classification, priority);
    return ReadingRules.judge(index, candidate, f.problems, now);
  }

  private record Measurement(SensorKind kind, double[] slots) {
  }

  /** Reads the fields of one JSON object, collecting problems instead of stopping at the first. */
  private static final class Fields {
    final int index;
    final String prefix;
    final JsonObject json;
    final List<Problem> problems;

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

    /** A string for {@link ReadingRules} to judge; null (with the problem noted) when absent or not a string. */
    String id(String field) {
      Object value = required(field, ReadingRules.ID_ALLOWED);
      if (value != null && !(value instanceof String)) {
        problem(field, Reason.invalid_value, describe(value) + " is not valid: expected " + ReadingRules.ID_ALLOWED);
        return null;
      }
      return (String) value;
    }

    Long timestamp(String field) {
      String expected = "an ISO-8601 instant (2026-11-23T10:15:30Z) or epoch milliseconds";
      Object value = required(field, expected);
      if (value == null) {
        return null;
      } else if ((value instanceof Integer || value instanceof Long) || (value instanceof Double d && d == Math.rint(d)
        && Math.abs(d) < 9.0e15)) {
        return ((Number) value).longValue();
      } else if (value instanceof String s) {
        try {
          return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
          // falls through to the problem below
        }
      }
      problem(field, Reason.invalid_value, describe(value) + " is not valid: expected " + expected);
      return null;
    }

    /** A JSON number of the field's shape, or NaN (with the problem noted); its range is judged later. */
    double number(SensorKind.Field field, String name) {
      String expected = field.shape() == SensorKind.Shape.INTEGER ? field.allowed() : "a number " + field.allowed();
      Object value = required(name, expected);
      if (value == null) {
        return Double.NaN;
      }
      if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        problem(name, Reason.invalid_value, describe(value) + " is not a number: expected " + expected);
        return Double.NaN;
      }
      return n.doubleValue();
    }

    <E extends Enum<E>> E optionalChoice(String field, Class<E> type, E absent) {
      Object value = json.getValue(field);
      return value == null ? absent : enumValue(field, value, type);
    }

    private <E extends Enum<E>> E enumValue(String field, Object value, Class<E> type) {
      if (value instanceof String s) {
        for (E constant : type.getEnumConstants()) {
          if (constant.name().equals(s)) {
            return constant;
          }
        }
      }
      problem(field, Reason.invalid_value, describe(value) + " is not valid: expected one of "
        + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
      return null;
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

    /** The kind and its values in wire order; values that could not be read are NaN (and reported). */
    Measurement sensorType(String field) {
      Fields nested = nested(field, "an object whose 'type' is one of " + SensorKind.names());
      if (nested == null) {
        return null;
      }
      Object typeName = nested.required("type", "one of " + SensorKind.names());
      if (typeName == null) {
        return null;
      }
      SensorKind kind = typeName instanceof String s ? SensorKind.byName(s).orElse(null) : null;
      if (kind == null) {
        nested.problem("type", Reason.unknown_sensor_type,
          "unknown sensor type " + describe(typeName) + ": expected one of " + SensorKind.names());
        return null;
      }
      Set<String> allowed = new HashSet<>();
      kind.fields().forEach(f -> allowed.add(f.name()));
      allowed.add("type");
      nested.rejectUnknown(allowed);
      double[] slots = new double[kind.slots()];
      int slot = 0;
      for (SensorKind.Field spec : kind.fields()) {
        switch (spec.shape()) {
          case NUMBER, INTEGER -> slots[slot] = spec.optional() && nested.json.getValue(spec.name()) == null
            ? Double.NaN : nested.number(spec, spec.name());
          case CHOICE -> slots[slot] = nested.choiceOrdinal(spec);
          case FREQUENCY_RANGE -> {
            Fields range = nested.nested(spec.name(), "an object {lowMhz, highMhz} with 0 < lowMhz < highMhz <= "
              + (long) spec.max());
            if (range == null) {
              slots[slot] = slots[slot + 1] = Double.NaN;
            } else {
              range.rejectUnknown(Set.of("lowMhz", "highMhz"));
              slots[slot] = range.number(spec, "lowMhz");
              slots[slot + 1] = range.number(spec, "highMhz");
            }
          }
        }
        slot += spec.width();
      }
      return new Measurement(kind, slots);
    }

    double choiceOrdinal(SensorKind.Field spec) {
      Object value = required(spec.name(), spec.allowed());
      if (value == null) {
        return Double.NaN;
      }
      Enum<?>[] constants = spec.choices().getEnumConstants();
      for (Enum<?> constant : constants) {
        if (constant.name().equals(value)) {
          return constant.ordinal();
        }
      }
      problem(spec.name(), Reason.invalid_value, describe(value) + " is not valid: expected " + spec.allowed());
      return Double.NaN;
    }
  }
}
