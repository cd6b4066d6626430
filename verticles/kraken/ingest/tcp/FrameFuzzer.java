package kraken.ingest.tcp;

import io.vertx.core.buffer.Buffer;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.ingest.Problem;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Feeds the server's frame decoder and READINGS judging random and mutated-valid streams, each case seeded so it
 * can be replayed. A case passes when nothing is thrown, every refusal and stream error has a reason code and a
 * sentence, every reading of every decoded frame is either taken or refused, and the stream decodes the same
 * whole and split at random points. Used by a short test and by {@code kraken fuzz-frames} for long runs.
 */
public final class FrameFuzzer {

  static final int MAX_FRAME_BYTES = 4096;
  static final int MAX_READINGS = 50;
  /** A fixed "now", so that a case's timestamps judge the same on every run. */
  static final long NOW = 1_795_000_000_000L;
  private static final long[] INTERESTING_U32 = {0, 1, 5, 6, 7, MAX_FRAME_BYTES, MAX_FRAME_BYTES + 1, 0x7FFF_FFFFL,
    0x8000_0000L, 0xFFFF_FFFFL};

  /** Counts over a run; {@code failures} are cases that broke an invariant (the first one is described). */
  public static final class Summary {
    public long cases;
    public long failures;
    public long framesDecoded;
    public long readingsTaken;
    public long readingsRefused;
    public final Map<String, Long> streamErrors = new TreeMap<>();
    public final Map<String, Long> refusals = new TreeMap<>();
    public String firstFailure;
  }

  private final long seed;
  private final Summary summary = new Summary();

  public FrameFuzzer(long seed) {
    this.seed = seed;
  }

  public Summary summary() {
    return summary;
  }

  /** Runs case number {@code index} of this seed. */
  public void runCase(long index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + index);
    byte[] input = random.nextInt(5) == 0 ? randomBytes(random) : mutate(validStream(random), random);
    summary.cases++;
    try {
      String whole = decode(input, List.of(input.length), true);
      String split = decode(input, splits(input.length, random), false);
      if (!whole.equals(split)) {
        fail(index, "decoding differs when split: whole " + whole + ", split " + split);
      }
    } catch (Invariant broken) {
      fail(index, broken.getMessage());
    } catch (Throwable crash) {
      StringWriter trace = new StringWriter();
      crash.printStackTrace(new PrintWriter(trace));
      fail(index, "threw " + trace.toString().lines().limit(6).reduce((a, b) -> a + " | " + b).orElse(""));
    }
  }

  private void fail(long index, String what) {
    summary.failures++;
    if (summary.firstFailure == null) {
      summary.firstFailure = "seed " + seed + " case " + index + ": " + what;
    }
  }

  private static final class Invariant extends RuntimeException {
    Invariant(String message) {
      super(message, null, false, false);
    }
  }

  /** Decodes {@code input} fed in chunks of the given sizes; returns a signature of everything decoded. */
  private String decode(byte[] input, List<Integer> chunks, boolean count) {
    FrameDecoder decoder = FrameDecoder.ofClientStream(MAX_FRAME_BYTES);
    StringBuilder signature = new StringBuilder();
    int offset = 0;
    for (int chunk : chunks) {
      FrameDecoder.Result result = decoder.feed(input, offset, chunk);
      offset += chunk;
      signature.append(result.helloCompleted() ? "H;" : "");
      for (FrameDecoder.Frame frame : result.frames()) {
        ReadingsFrame judged = ReadingsFrame.judge(frame.body(), MAX_READINGS, NOW);
        check(judged);
        signature.append(judged.sequence()).append('/').append(judged.readings().size()).append(judged.refusals()
          .stream().map(p -> p.reading() + ":" + p.reason()).toList()).append(';');
        if (count) {
          summary.framesDecoded++;
          summary.readingsTaken += judged.readings().size();
          judged.refusals().forEach(p -> {
            summary.readingsRefused += ReadingsFrame.refusedCount(judged, p);
            summary.refusals.merge(p.reason().name(), 1L, Long::sum);
          });
        }
      }
      if (decoder.bufferedBytes() > MAX_FRAME_BYTES + Wire.LENGTH_BYTES + chunk) {
        throw new Invariant("decoder holds " + decoder.bufferedBytes() + " bytes");
      }
      if (result.error() != null) {
        if (result.error().reason() == null || result.error().message().isBlank()) {
          throw new Invariant("stream error without a reason or sentence: " + result.error());
        }
        signature.append("E:").append(result.error().reason());
        if (count) {
          summary.streamErrors.merge(result.error().reason().name(), 1L, Long::sum);
        }
        break;
      }
    }
    return signature.toString();
  }

  /** Every reading of a frame is taken or refused, and every refusal says why. */
  private static void check(ReadingsFrame frame) {
    boolean rest = false;
    int listed = 0;
    for (Problem refusal : frame.refusals()) {
      if (refusal.reason() == null || refusal.message() == null || refusal.message().isBlank()) {
        throw new Invariant("refusal without a reason or sentence: " + refusal);
      }
      if (refusal.reading() == Wire.REST_OF_FRAME) {
        rest = true;
      } else {
        listed++;
      }
    }
    if (!rest && frame.readings().size() + listed != frame.count()) {
      throw new Invariant("frame " + frame.sequence() + " of " + frame.count() + " readings: " + frame.readings().size()
        + " taken and " + listed + " refused");
    }
  }

  private static List<Integer> splits(int length, SplittableRandom random) {
    List<Integer> chunks = new ArrayList<>();
    int left = length;
    while (left > 0) {
      int chunk = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(Math.max(1, Math.min(left, 64)));
      chunks.add(Math.min(chunk, left));
      left -= Math.min(chunk, left);
    }
    return chunks;
  }

  private static byte[] randomBytes(SplittableRandom random) {
    byte[] garbage = new byte[random.nextInt(300)];
    random.nextBytes(garbage);
    if (random.nextBoolean()) {
      return Buffer.buffer().appendBuffer(FrameEncoder.hello()).appendBytes(garbage).getBytes();
    }
    return garbage;
  }

  /** A hello and one to four READINGS frames of mostly valid readings. */
  static byte[] validStream(SplittableRandom random) {
    Buffer stream = FrameEncoder.hello();
    int frames = 1 + random.nextInt(4);
    for (int f = 0; f < frames; f++) {
      List<SensorReading> readings = new ArrayList<>();
      int count = 1 + random.nextInt(5);
      for (int i = 0; i < count; i++) {
        readings.add(reading(random, "r-" + f + "-" + (random.nextInt(8) == 0 ? 0 : i)));
      }
      stream.appendBuffer(FrameEncoder.readings(f, readings));
    }
    return stream.getBytes();
  }

  static SensorReading reading(SplittableRandom random, String id) {
    // half the readings carry their kind's optional geometry, so frames with and without the 0x80 tag flag mix
    boolean geometry = random.nextBoolean();
    SensorType type = switch (random.nextInt(5)) {
      case 0 -> new SensorType.SonarPassive(random.nextDouble(), random.nextDouble(0, 360));
      case 1 -> new SensorType.SonarActive(random.nextDouble(), random.nextDouble(1, 600_000),
        geometry ? random.nextDouble(0, 360) : null);
      case 2 -> new SensorType.SatelliteOptical(random.nextDouble(-90, 90), random.nextDouble(-180, 180),
        random.nextInt(23));
      case 3 -> new SensorType.SatelliteSignals(new SensorType.FrequencyRange(100, 100 + random.nextDouble(1, 1000)),
        random.nextDouble(-200, 50), geometry ? random.nextDouble(-90, 90) : null,
        geometry ? random.nextDouble(-180, 180) : null);
      default -> new SensorType.CommsIntercept(random.nextDouble(1, 300_000),
        SensorType.Encryption.values()[random.nextInt(4)], geometry ? random.nextDouble(0, 360) : null);
    };
    byte[] payload = new byte[random.nextInt(4) == 0 ? random.nextInt(64) : 0];
    random.nextBytes(payload);
    return new SensorReading(id, "s-" + random.nextInt(10), NOW - random.nextInt(100_000), type, payload,
      Classification.values()[random.nextInt(4)], Priority.values()[random.nextInt(4)]);
  }

  /** Up to four mutations: bit flips, bytes set, u32s set to edge values, truncation, insertion, repetition. */
  private static byte[] mutate(byte[] valid, SplittableRandom random) {
    Buffer bytes = Buffer.buffer(valid);
    int mutations = random.nextInt(5);
    for (int m = 0; m < mutations && bytes.length() > 0; m++) {
      int at = random.nextInt(bytes.length());
      switch (random.nextInt(6)) {
        case 0 -> bytes.setByte(at, (byte) (bytes.getByte(at) ^ (1 << random.nextInt(8))));
        case 1 -> bytes.setByte(at, (byte) new int[]{0, 0x7F, 0x80, 0xFF, random.nextInt(256)}[random.nextInt(5)]);
        case 2 -> {
          if (at + 4 <= bytes.length()) {
            bytes.setInt(at, (int) INTERESTING_U32[random.nextInt(INTERESTING_U32.length)]);
          }
        }
        case 3 -> bytes = bytes.getBuffer(0, at);
        case 4 -> {
          byte[] inserted = new byte[1 + random.nextInt(8)];
          random.nextBytes(inserted);
          bytes = bytes.getBuffer(0, at).appendBytes(inserted).appendBuffer(bytes.getBuffer(at, bytes.length()));
        }
        default -> {
          int end = Math.min(bytes.length(), at + 1 + random.nextInt(32));
          bytes = bytes.getBuffer(0, end).appendBuffer(bytes.getBuffer(at, bytes.length()));
        }
      }
    }
    return bytes.getBytes();
  }
}
