package kraken.loadgen;

import io.vertx.core.json.JsonObject;
import kraken.ingest.tcp.FrameFuzzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code kraken fuzz-frames}: runs the TCP frame decoder fuzzer for N seeded cases and reports what it found. */
@Command(name = "fuzz-frames", mixinStandardHelpOptions = true,
  description = {"Feeds the binary TCP ingest frame decoder random and mutated-valid streams, each decoded whole "
    + "and split at random points, and checks that nothing is thrown, every refusal has a reason code and a "
    + "sentence, and splitting changes nothing. Prints a progress line per second (stderr) and a summary; "
    + "exit 1 if any case failed (the first is described, with its seed and case number to replay it).", ""})
public final class FuzzFramesCommand implements Callable<Integer> {

  @Option(names = "--cases", description = "How many cases (default ${DEFAULT-VALUE}).")
  long cases = 1_000_000;

  @Option(names = "--seed", description = "Seed; the same seed runs the same cases (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--json", description = "Print the summary as one JSON object instead of a sentence.")
  boolean json;

  @Override
  public Integer call() {
    FrameFuzzer fuzzer = new FrameFuzzer(seed);
    long started = System.nanoTime();
    long nextProgress = started + 1_000_000_000L;
    for (long i = 0; i < cases; i++) {
      fuzzer.runCase(i);
      if ((i & 1023) == 0 && System.nanoTime() >= nextProgress) {
        nextProgress += 1_000_000_000L;
        System.err.printf("fuzz-frames: %,d cases, %,d failures, %,.0f cases/s%n", i + 1, fuzzer.summary().failures,
          (i + 1) / ((System.nanoTime() - started) / 1e9));
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    FrameFuzzer.Summary s = fuzzer.summary();
    JsonObject result = new JsonObject().put("seed", seed).put("cases", s.cases).put("failures", s.failures)
      .put("seconds", Math.round(seconds * 100) / 100.0).put("casesPerSecond", Math.round(s.cases / seconds))
      .put("framesDecoded", s.framesDecoded).put("readingsTaken", s.readingsTaken)
      .put("readingsRefused", s.readingsRefused).put("streamErrors", new JsonObject(asJson(s.streamErrors)))
      .put("refusals", new JsonObject(asJson(s.refusals))).put("firstFailure", s.firstFailure);
    if (json) {
      System.out.println(result.encode());
    } else {
      System.out.printf("%,d cases in %.1f s (%,.0f cases/s): %,d failures; %,d frames decoded, %,d readings taken, "
          + "%,d refused; stream errors %s; refusals %s%n", s.cases, seconds, s.cases / seconds, s.failures,
        s.framesDecoded, s.readingsTaken, s.readingsRefused, s.streamErrors, s.refusals);
      if (s.firstFailure != null) {
        System.out.println("first failure: " + s.firstFailure);
      }
    }
    return s.failures == 0 ? 0 : 1;
  }

  private static java.util.Map<String, Object> asJson(java.util.Map<String, Long> counts) {
    return new java.util.LinkedHashMap<>(counts);
  }
}
