package kraken.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A KRAKEN node in a JVM of its own, started from the test classpath exactly as {@code java -jar} would. */
public final class KrakenProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int opsPort;

  private KrakenProcess(Process process, Path log, int opsPort) {
    this.process = process;
    this.log = log;
    this.opsPort = opsPort;
  }

  /** Runs {@code kraken.Kraken} from the test classpath (the module flags are those the jar's manifest sets). */
  public static KrakenProcess start(String name, int opsPort, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
      "kraken.Kraken"));
    command.addAll(List.of(args));
    return launch(name, opsPort, env, command);
  }

  /** Runs the packaged jar exactly as the README says: {@code java -jar target/kraken.jar ...}. */
  public static KrakenProcess startJar(String name, int opsPort, Map<String, String> env, String... args)
    throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-jar", "target/kraken.jar"));
    command.addAll(List.of(args));
    return launch(name, opsPort, env, command);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static KrakenProcess launch(String name, int opsPort, Map<String, String> env, List<String> command)
    throws IOException {
    Path logDir = Path.of("target", "process-logs");
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + "-" + System.currentTimeMillis() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("KRAKEN_"));
    builder.environment().putAll(env);
    return new KrakenProcess(builder.start(), log, opsPort);
  }

  /** Waits until /ready answers 200 and reports at least {@code members} grid members. */
  public JsonObject awaitReady(int members, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node exited with " + process.exitValue() + " before it was ready:\n" + output());
      }
      try {
        HttpResponse<String> ready = Http.get("http://127.0.0.1:" + opsPort + "/ready");
        last = ready.statusCode() + " " + ready.body();
        if (ready.statusCode() == 200) {
          JsonObject body = new JsonObject(ready.body());
          int seen = body.getJsonArray("checks").stream().map(JsonObject.class::cast)
            .filter(c -> c.getString("id").equals("grid")).findFirst()
            .map(c -> c.getJsonObject("data").getInteger("members")).orElse(0);
          if (seen >= members) {
            return body;
          }
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("node not ready after " + timeout + ": " + last + "\n" + output());
  }

  /** Sends SIGTERM and returns the exit code. */
  public int terminate(Duration timeout) throws Exception {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("node did not stop within " + timeout + " of SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  /** kill -9: the node gets no chance to drain or leave the cluster. Returns once the process is gone. */
  public void kill(Duration timeout) throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("node still alive " + timeout + " after kill -9");
    }
  }

  public String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
