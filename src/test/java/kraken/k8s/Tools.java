package kraken.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command-line tools the offline validation relies on (kubectl, promtool, the deploy scripts). A tool that
 * is not installed fails the test with the package that provides it: these checks are never skipped.
 */
final class Tools {

  record Result(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + stderr;
    }
  }

  private Tools() {
  }

  /** Fails with what to install when {@code tool} is not on the PATH. */
  static void require(String tool, String debianPackage) {
    boolean found = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
      .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    if (!found) {
      throw new AssertionError(tool + " is not installed: install the Debian package " + debianPackage
        + " (scripts/k8s-tools.sh does, and scripts/test.sh runs it)");
    }
  }

  static Result run(Path directory, Map<String, String> environment, String... command)
    throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
      .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(environment);
    Path out = Files.createTempFile("kraken-tool", ".out");
    Path err = Files.createTempFile("kraken-tool", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Result run(String... command) throws IOException, InterruptedException {
    return run(Path.of("."), Map.of(), command);
  }
}
