package kraken.bus;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every sensor kind, defined once: its name (the JSON {@code sensorType.type}), its wire tag (binary TCP ingest and
 * the inter-node codec), and its fields in wire order with their shapes and allowed ranges. The JSON parser, the
 * validation of readings, both binary codecs, the load generator and the README table are derived from this or
 * tested against it, so a range or a tag is written nowhere else.
 */
public enum SensorKind {

  SonarPassive(1, SensorType.SonarPassive.class, List.of(
    Field.number("frequencyMhz", 0, false, 1, true, "MHz"),
    Field.number("bearing", 0, true, 360, false, "degrees")),
    v -> new SensorType.SonarPassive(v.number(0), v.number(1)),
    t -> values(((SensorType.SonarPassive) t).frequencyMhz(), ((SensorType.SonarPassive) t).bearing())),

  SonarActive(2, SensorType.SonarActive.class, List.of(
    Field.number("pingStrength", 0, true, 1, true, null),
    Field.number("returnTimeMs", 0, false, 600_000, true, "ms"),
    Field.optionalNumber("bearing", 0, true, 360, false, "degrees")),
    v -> new SensorType.SonarActive(v.number(0), v.number(1), present(v.number(2))),
    t -> values(((SensorType.SonarActive) t).pingStrength(), ((SensorType.SonarActive) t).returnTimeMs(),
      absentAsNaN(((SensorType.SonarActive) t).bearing()))),

  SatelliteOptical(3, SensorType.SatelliteOptical.class, List.of(
    Field.number("lat", -90, true, 90, true, "degrees"),
    Field.number("lon", -180, true, 180, true, "degrees"),
    Field.integer("zoomLevel", 0, 22)),
    v -> new SensorType.SatelliteOptical(v.number(0), v.number(1), (int) v.number(2)),
    t -> values(((SensorType.SatelliteOptical) t).lat(), ((SensorType.SatelliteOptical) t).lon(),
      ((SensorType.SatelliteOptical) t).zoomLevel())),

  SatelliteSignals(4, SensorType.SatelliteSignals.class, List.of(
    Field.frequencyRange("frequencyRange", 300_000),
    Field.number("signalStrength", -200, true, 50, true, "dBm"),
    Field.optionalNumber("lat", -90, true, 90, true, "degrees"),
    Field.optionalNumber("lon", -180, true, 180, true, "degrees")),
    v -> new SensorType.SatelliteSignals(new SensorType.FrequencyRange(v.number(0), v.number(1)), v.number(2),
      present(v.number(3)), present(v.number(4))),
    t -> values(((SensorType.SatelliteSignals) t).frequencyRange().lowMhz(),
      ((SensorType.SatelliteSignals) t).frequencyRange().highMhz(), ((SensorType.SatelliteSignals) t).signalStrength(),
      absentAsNaN(((SensorType.SatelliteSignals) t).lat()), absentAsNaN(((SensorType.SatelliteSignals) t).lon()))),

  CommsIntercept(5, SensorType.CommsIntercept.class, List.of(
    Field.number("frequencyMhz", 0, false, 300_000, true, "MHz"),
    Field.choice("encryptionType", SensorType.Encryption.class),
    Field.optionalNumber("bearing", 0, true, 360, false, "degrees")),
    v -> new SensorType.CommsIntercept(v.number(0), SensorType.Encryption.values()[(int) v.number(1)],
      present(v.number(2))),
    t -> values(((SensorType.CommsIntercept) t).frequencyMhz(),
      ((SensorType.CommsIntercept) t).encryptionType().ordinal(), absentAsNaN(((SensorType.CommsIntercept) t).bearing())));

  /** How a field is written: in JSON, and on the wire (big-endian). */
  public enum Shape {
    /** A JSON number; a float64 on the wire. */
    NUMBER,
    /** A whole JSON number; an int32 on the wire. */
    INTEGER,
    /** A JSON string naming a constant; its ordinal as a uint8 on the wire. */
    CHOICE,
    /** A JSON object {@code {lowMhz, highMhz}}; two float64 on the wire, low first. */
    FREQUENCY_RANGE
  }

  /**
   * One field of a kind. A {@link Shape#FREQUENCY_RANGE} field stands for two values (low, high), both checked
   * against {@code min}/{@code max}, and low must be below high. An {@code optional} field (always a number, always
   * after the required ones) is geometry a sensor may or may not measure: absent, its slot holds NaN and the
   * record's component is null. A kind's optional fields come all together or not at all (lat with lon).
   */
  public record Field(String name, Shape shape, double min, boolean minInclusive, double max, boolean maxInclusive,
                      String unit, Class<? extends Enum<?>> choices, boolean optional) {

    static Field number(String name, double min, boolean minInclusive, double max, boolean maxInclusive, String unit) {
      return new Field(name, Shape.NUMBER, min, minInclusive, max, maxInclusive, unit, null, false);
    }

    static Field optionalNumber(String name, double min, boolean minInclusive, double max, boolean maxInclusive,
                                String unit) {
      return new Field(name, Shape.NUMBER, min, minInclusive, max, maxInclusive, unit, null, true);
    }

    static Field integer(String name, int min, int max) {
      return new Field(name, Shape.INTEGER, min, true, max, true, null, null, false);
    }

    static Field choice(String name, Class<? extends Enum<?>> choices) {
      return new Field(name, Shape.CHOICE, 0, true, choices.getEnumConstants().length - 1, true, null, choices, false);
    }

    static Field frequencyRange(String name, double maxMhz) {
      return new Field(name, Shape.FREQUENCY_RANGE, 0, false, maxMhz, true, "MHz", null, false);
    }

    /** How many values (wire slots) the field holds. */
    public int width() {
      return shape == Shape.FREQUENCY_RANGE ? 2 : 1;
    }

    public boolean allows(double value) {
      return (minInclusive ? value >= min : value > min) && (maxInclusive ? value <= max : value < max)
        && (shape == Shape.NUMBER || shape == Shape.FREQUENCY_RANGE || value == Math.rint(value));
    }

    /** What is allowed, as a phrase: "from 0 to 1", "at least 0 and below 360 (degrees)", "one of None, ...". */
    public String allowed() {
      if (shape == Shape.CHOICE) {
        return "one of " + Arrays.stream(choices.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
      }
      if (shape == Shape.INTEGER) {
        return "an integer from " + format(min) + " to " + format(max);
      }
      String phrase = minInclusive && maxInclusive ? "from " + format(min) + " to " + format(max)
        : (minInclusive ? "at least " : "greater than ") + format(min)
        + (maxInclusive ? " and at most " : " and below ") + format(max);
      return phrase + (unit == null ? "" : " (" + unit + ")");
    }

    private static String format(double value) {
      return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
  }

  /** The values of a reading's fields in wire order, as doubles (integers and choice ordinals are exact). */
  public interface Values {
    double number(int slot);
  }

  private final byte tag;
  private final Class<? extends SensorType> type;
  private final List<Field> fields;
  private final Function<Values, SensorType> create;
  private final Function<SensorType, double[]> values;

  SensorKind(int tag, Class<? extends SensorType> type, List<Field> fields, Function<Values, SensorType> create,
             Function<SensorType, double[]> values) {
    this.tag = (byte) tag;
    this.type = type;
    this.fields = fields;
    this.create = create;
    this.values = values;
  }

  private static double[] values(double... values) {
    return values;
  }

  private static Double present(double slot) {
    return Double.isNaN(slot) ? null : slot;
  }

  private static double absentAsNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  public byte tag() {
    return tag;
  }

  public List<Field> fields() {
    return fields;
  }

  /** How many values the kind's fields hold, optional ones included (NaN when absent). */
  public int slots() {
    return fields.stream().mapToInt(Field::width).sum();
  }

  /** How many values the kind's required fields hold; the optional ones follow them. */
  public int requiredSlots() {
    return fields.stream().filter(f -> !f.optional()).mapToInt(Field::width).sum();
  }

  public boolean hasOptionalFields() {
    return requiredSlots() < slots();
  }

  /** Whether the measurement carries the kind's optional fields (they come all together). */
  public boolean optionalPresent(SensorType measurement) {
    double[] all = values(measurement);
    return hasOptionalFields() && !Double.isNaN(all[requiredSlots()]);
  }

  /** Builds the measurement from values in wire order; they must already be within range (see {@link Field#allows}). */
  public SensorType create(double[] slots) {
    return create.apply(slot -> slots[slot]);
  }

  /** The measurement's values in wire order. */
  public double[] values(SensorType measurement) {
    return values.apply(measurement);
  }

  public static SensorKind of(SensorType measurement) {
    for (SensorKind kind : values()) {
      if (kind.type.isInstance(measurement)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no sensor kind for " + measurement);
  }

  public static Optional<SensorKind> byTag(byte tag) {
    return Arrays.stream(values()).filter(k -> k.tag == tag).findFirst();
  }

  public static Optional<SensorKind> byName(String name) {
    return Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst();
  }

  /** "SonarPassive, SonarActive, ..." for messages. */
  public static String names() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
