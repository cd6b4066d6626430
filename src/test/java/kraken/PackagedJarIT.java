package kraken;

import io.vertx.core.json.JsonObject;
import kraken.support.Http;
import kraken.support.KrakenProcess;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs after {@code mvn package}: the shaded jar, started as the README says, does what the README says. */
@DisplayName("The packaged jar runs the whole platform from one command")
class PackagedJarIT {

  @Test
  @DisplayName("java -jar target/kraken.jar shows simulated contacts, takes a curl'd reading into the picture "
    + "within a second, and exits 0 on SIGTERM")
  void runCommandWorks() throws Exception {
    int ingest = TestNodes.freePort();
    int tactical = TestNodes.freePort();
    int ops = TestNodes.freePort();
    try (KrakenProcess kraken = KrakenProcess.startJar("jar", ops, Map.of(), "--set", "ingest.http.port=" + ingest,
      "--set", "ingest.tcp.port=" + TestNodes.freePort(),
      "--set", "tactical.http.port=" + tactical, "--set", "ops.http.port=" + ops, "--set", "cluster.port=" + TestNodes.freePort())) {
      kraken.awaitReady(1, Duration.ofSeconds(60));

      long posted = System.nanoTime();
      HttpResponse<String> ack = Http.postJson("http://127.0.0.1:" + ingest + "/api/v1/sensors/data",
        Readings.activeSonar("jar-1", "sonar-07", 0.8, 1200).encode());
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
      HttpResponse<String> contact = Http.get("http://127.0.0.1:" + tactical + "/api/v1/contacts/C-sonar-07");
      long elapsedMs = (System.nanoTime() - posted) / 1_000_000;
      assertThat(contact.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(contact.body()).getString("lastReadingId")).isEqualTo("jar-1");
      assertThat(elapsedMs).as("post to visible contact, ms").isLessThan(1000);

      List<String> simulated = List.of("\"C-bow-sonar:T", "\"C-towed-array:T", "\"C-comms-intercept:T");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      String body = "";
      while (System.nanoTime() < deadline) {
        body = Http.get("http://127.0.0.1:" + tactical + "/api/v1/contacts").body();
        if (simulated.stream().allMatch(body::contains)) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(body).as("the simulated feed shows contacts at once").contains(simulated);
      assertThat(body).as("the jar's own models assess them, not degraded, with an uncertainty")
        .containsPattern("\"models\":\\[[^\\]]*\"anomaly-[0-9a-f]{12}\",\"fusion-[0-9a-f]{12}\"\\]")
        .contains("\"degraded\":false").containsPattern("\"uncertainty\":[0-9.E-]+");

      String metrics = Http.get("http://127.0.0.1:" + ops + "/metrics").body();
      assertThat(metrics).containsPattern("(?m)^kraken_readings_accepted_total [1-9]");
      assertThat(kraken.terminate(Duration.ofSeconds(30))).isZero();
      assertThat(kraken.output()).contains("persistence off");
    }
  }

  @Test
  @DisplayName("the jar carries 64-bit Linux native libraries only")
  void onlyShippedNatives() throws Exception {
    try (ZipFile jar = new ZipFile(Path.of("target", "kraken.jar").toFile())) {
      List<String> natives = jar.stream().map(e -> e.getName())
        .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib")).toList();
      assertThat(natives).isNotEmpty().allMatch(n -> n.contains("linux-x86_64") || n.contains("linux-x86-64")
        || n.contains("linux-x64"), "64-bit Linux");
    }
  }
}
