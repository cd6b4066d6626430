package kraken.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the machine and this JVM looked like during a benchmark: memory from /proc/self/status, the load average. */
final class BenchSystem {

  private BenchSystem() {
  }

  /** Resident memory now (VmRSS), in MB; -1 when /proc cannot be read. */
  static double rssMb() {
    return statusMb("VmRSS:");
  }

  /** The most resident memory this JVM has had (VmHWM), in MB. */
  static double peakRssMb() {
    return statusMb("VmHWM:");
  }

  static JsonObject memory() {
    Runtime rt = Runtime.getRuntime();
    return new JsonObject().put("rss_mb", rssMb()).put("peak_rss_mb", peakRssMb())
      .put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / 1_048_576.0).put("heap_max_mb", rt.maxMemory() / 1_048_576.0);
  }

  /** The 1, 5 and 15 minute load averages as /proc/loadavg gives them, e.g. "0.42 0.80 1.10"; "" if unknown. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "";
    }
  }

  private static double statusMb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
