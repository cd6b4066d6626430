package kraken.ingest.tcp;

import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorKind;
import kraken.bus.SensorReading;
import kraken.ingest.Problem;
import kraken.ingest.Problem.Reason;
import kraken.ingest.ReadingRules;
import kraken.ingest.ReadingRules.Candidate;
import kraken.ingest.ReadingRules.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A READINGS frame body decoded and judged: the readings that may go to the pipeline, and one refusal per refused
 * reading. Decoding reports only what is specific to the wire (a truncated field, an unknown kind tag, an ordinal
 * out of range, NaN); everything else is judged by {@link ReadingRules}, so HTTP and TCP refuse a reading with the
 * same reason and sentence. Unlike HTTP, a frame is not all or nothing: its valid readings go on. Only when a
 * reading cannot be decoded (so where the next one starts is unknown) is the rest of the frame refused with it.
 *
 * @param refusals one per refused reading, by index; index {@link Wire#REST_OF_FRAME} stands for every reading
 *                 of the frame not listed by its own index
 */
public record ReadingsFrame(long sequence, int count, List<SensorReading> readings, List<Integer> indexes,
                            List<Problem> refusals) {

  /** Longest message sent for one refused reading; a hostile frame must not make a huge answer. */
  static final int MAX_MESSAGE_CHARS = 1000;

  /** Decodes and judges a READINGS body (at least {@link Wire#READINGS_HEADER_BYTES} long; the decoder saw to it). */
  public static ReadingsFrame judge(byte[] body, int maxReadings, long now) {
    WireReader in = new WireReader(body);
    long sequence = in.u32();
    int count = in.u16();
    if (count == 0) {
      return refusedWhole(sequence, 0, Reason.empty_batch, "the frame holds no readings: send 1 to " + maxReadings);
    }
    if (count > maxReadings) {
      return refusedWhole(sequence, count, Reason.too_many_readings, "the frame holds " + count
        + " readings; at most " + maxReadings + " are allowed per frame (ingest.maxBatchReadings)");
    }
    List<SensorReading> readings = new ArrayList<>(count);
    List<Integer> indexes = new ArrayList<>(count);
    List<Problem> refusals = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ReadingDecoder decoded = new ReadingDecoder(i, in);
      Problem undecodable = decoded.read();
      if (undecodable != null) {
        return new ReadingsFrame(sequence, count, List.of(), List.of(), List.of(undecodable,
          rest(Reason.rejected_with_batch, "reading " + i + " could not be decoded, so where the readings after it "
            + "start is unknown; none of the frame's readings was taken")));
      }
      Verdict verdict = ReadingRules.judge(i, decoded.candidate(), decoded.problems, now);
      if (verdict.ok()) {
        readings.add(verdict.reading());
        indexes.add(i);
      } else {
        refusals.add(oneFor(i, verdict.problems()));
      }
    }
    if (in.remaining() > 0) {
      return refusedWhole(sequence, count, Reason.malformed_frame, "the frame has " + in.remaining()
        + " bytes after its last reading (its count says " + count + " readings); none of its readings was taken");
    }
    List<Problem> duplicates = ReadingRules.duplicates(readings, indexes);
    if (!duplicates.isEmpty()) {
      Set<Integer> repeated = duplicates.stream().map(Problem::reading).collect(Collectors.toCollection(HashSet::new));
      List<SensorReading> kept = new ArrayList<>(readings.size());
      List<Integer> keptIndexes = new ArrayList<>(readings.size());
      for (int k = 0; k < readings.size(); k++) {
        if (!repeated.contains(indexes.get(k))) {
          kept.add(readings.get(k));
          keptIndexes.add(indexes.get(k));
        }
      }
      readings = kept;
      indexes = keptIndexes;
      duplicates.forEach(p -> refusals.add(oneFor(p.reading(), List.of(p))));
      refusals.sort(Comparator.comparingInt(Problem::reading));
    }
    return new ReadingsFrame(sequence, count, readings, indexes, refusals);
  }

  /** How many readings the refusals stand for ({@link Wire#REST_OF_FRAME} counts those it covers, at least 1). */
  public static int refusedCount(ReadingsFrame frame, Problem refusal) {
    if (refusal.reading() != Wire.REST_OF_FRAME) {
      return 1;
    }
    long listed = frame.refusals().stream().filter(p -> p.reading() != Wire.REST_OF_FRAME).count();
    return (int) Math.max(1, frame.count() - frame.readings().size() - listed);
  }

  private static ReadingsFrame refusedWhole(long sequence, int count, Reason reason, String message) {
    return new ReadingsFrame(sequence, count, List.of(), List.of(), List.of(rest(reason, message)));
  }

  static Problem rest(Reason reason, String message) {
    return new Problem(Wire.REST_OF_FRAME, null, reason, message);
  }

  /** A reading's problems as one NACK entry: the first problem's reason; every field and sentence in the message. */
  private static Problem oneFor(int index, List<Problem> problems) {
    String message = problems.stream().map(p -> p.field() == null ? p.message() : p.field() + ": " + p.message())
      .collect(Collectors.joining("; "));
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
    }
    return new Problem(index, problems.get(0).field(), problems.get(0).reason(), message);
  }

  /** Reads one reading's fields, remembering which field it is in so that a truncation names it. */
  private static final class ReadingDecoder {
    final int index;
    final WireReader in;
    final List<Problem> problems = new ArrayList<>();
    String field = "id";
    String id;
    String sensorId;
    long timestamp;
    SensorKind kind;
    double[] slots;
    Classification classification;
    Priority priority;
    byte[] payload;

    ReadingDecoder(int index, WireReader in) {
      this.index = index;
      this.in = in;
    }

    Candidate candidate() {
      return new Candidate(id, sensorId, timestamp, kind, slots, payload, classification, priority);
    }

    /** Reads the reading; returns the problem that makes the rest of the frame unreadable, or null. */
    Problem read() {
      try {
        id = in.shortAscii();
        field = "sensorId";
        sensorId = in.shortAscii();
        field = "timestamp";
        timestamp = in.i64();
        field = "sensorType.type";
        int tag = in.u8();
        boolean withOptional = (tag & Wire.OPTIONAL_FIELDS_FLAG) != 0;
        kind = SensorKind.byTag((byte) (tag & ~Wire.OPTIONAL_FIELDS_FLAG)).orElse(null);
        if (kind != null && withOptional && !kind.hasOptionalFields()) {
          return new Problem(index, field, Reason.unknown_sensor_type, "wire tag " + tag + " sets the optional-fields "
            + "flag (0x80), but " + kind + " has no optional fields: send tag " + kind.tag());
        }
        if (kind == null) {
          return new Problem(index, field, Reason.unknown_sensor_type, "wire tag " + tag + " is not a sensor kind: "
            + "expected one of " + Arrays.stream(SensorKind.values()).map(k -> k.tag() + " (" + k.name() + ")")
            .collect(Collectors.joining(", ")));
        }
        slots = readSlots(withOptional);
        field = "classification";
        classification = ordinal(Classification.values(), in.u8());
        field = "priority";
        priority = ordinal(Priority.values(), in.u8());
        field = "payload";
        payload = in.bytes(in.u32());
        return null;
      } catch (WireReader.Truncated truncated) {
        return new Problem(index, field, Reason.malformed_frame, "the frame ends inside reading " + index + "'s "
          + field + ": " + truncated.getMessage());
      }
    }

    /** The kind's fields in wire order; its optional ones only when the tag's flag says they follow (else NaN). */
    private double[] readSlots(boolean withOptional) {
      double[] values = new double[kind.slots()];
      int slot = 0;
      for (SensorKind.Field f : kind.fields()) {
        if (f.optional() && !withOptional) {
          values[slot] = Double.NaN;
          slot += f.width();
          continue;
        }
        String path = "sensorType." + f.name();
        if (f.shape() == SensorKind.Shape.FREQUENCY_RANGE) {
          values[slot] = number(path + ".lowMhz", f);
          values[slot + 1] = number(path + ".highMhz", f);
        } else {
          field = path;
          values[slot] = switch (f.shape()) {
            case INTEGER -> in.i32();
            case CHOICE -> in.u8();
            default -> number(path, f);
          };
        }
        slot += f.width();
      }
      return values;
    }

    /** A float64; NaN is refused here because the rules take NaN to mean "already reported". */
    private double number(String path, SensorKind.Field f) {
      field = path;
      double value = in.f64();
      if (Double.isNaN(value)) {
        problems.add(new Problem(index, path, Reason.invalid_value, "NaN is not a number: expected " + f.allowed()));
      }
      return value;
    }

    private <E extends Enum<E>> E ordinal(E[] choices, int ordinal) {
      if (ordinal < choices.length) {
        return choices[ordinal];
      }
      problems.add(new Problem(index, field, Reason.invalid_value, "value " + ordinal + " is not valid: expected one of "
        + Arrays.stream(choices).map(c -> c.ordinal() + " (" + c.name() + ")").collect(Collectors.joining(", "))));
      return null;
    }
  }
}
