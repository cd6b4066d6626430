package kraken;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The kraken command line documents every flag and key, and refuses bad configuration before starting")
class CommandLineTest {

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  private static String help(CommandLine commandLine) {
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    return commandLine.execute("--help") == 0 ? out.toString() : "exit code was not 0";
  }

  @Test
  @DisplayName("--help lists the flags, the loadgen sub-command and every configuration key with its environment name")
  void helpDocumentsEverything() {
    String help = help(Kraken.commandLine());
    assertThat(help).contains("--config", "--cluster", "--verticles", "--no-simulator", "--set", "loadgen");
    for (var setting : kraken.config.Settings.all().values()) {
      assertThat(help).contains(setting.key()).contains(setting.environmentName());
    }
  }

  @Test
  @DisplayName("an invalid --set value exits 2 with a message naming key, value and what is expected")
  void invalidValueExits2() {
    int exit = Kraken.commandLine().execute("--set", "ingest.http.port=eighty");
    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("kraken: configuration error: ingest.http.port: "
      + "value 'eighty' (from the command line) is not valid; expected an integer from 0 to 65535");
  }

  @Test
  @DisplayName("--config naming a missing file exits 2 instead of running on defaults")
  void missingConfigFileExits2() {
    int exit = Kraken.commandLine().execute("--config", "/nonexistent/kraken.yaml");
    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
      .contains("config file /nonexistent/kraken.yaml (from --config) does not exist");
  }

  @Test
  @DisplayName("loadgen refuses a target that is not a loopback address")
  void loadgenStaysOnLoopback() {
    int exit = Kraken.commandLine().execute("loadgen", "--url", "http://10.1.2.3:8080", "--duration", "1s");
    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("targets must be loopback addresses");
  }

  @Test
  @DisplayName("a port already in use fails start-up with exit 1, and what had started is released")
  void busyPortFailsStartup() throws Exception {
    int ops = kraken.support.TestNodes.freePort();
    PrintStream originalOut = System.out;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int exit = Kraken.commandLine().execute("--no-simulator", "--set", "log.format=text",
        "--set", "ingest.http.host=127.0.0.1", "--set", "ingest.http.port=" + busy.getLocalPort(),
        "--set", "ingest.tcp.host=127.0.0.1", "--set", "ingest.tcp.port=" + kraken.support.TestNodes.freePort(),
        "--set", "ops.http.port=" + ops, "--set", "tactical.http.port=" + kraken.support.TestNodes.freePort(),
        "--set", "cluster.port=" + kraken.support.TestNodes.freePort());
      assertThat(exit).isEqualTo(1);
    } finally {
      System.setOut(originalOut);
    }
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("could not start ingest")
      .contains("Address already in use");
    long deadline = System.nanoTime() + 10_000_000_000L;
    boolean released = false;
    while (!released && System.nanoTime() < deadline) {
      try (java.net.ServerSocket again = new java.net.ServerSocket(ops)) {
        released = true;
      } catch (java.io.IOException stillBound) {
        Thread.sleep(100);
      }
    }
    assertThat(released).as("the operations port is released after the failed start").isTrue();
  }
}
