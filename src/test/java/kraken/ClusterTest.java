package kraken;

import io.vertx.core.json.JsonObject;
import kraken.support.Http;
import kraken.support.KrakenProcess;
import kraken.support.Readings;
import kraken.support.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Two KRAKEN JVMs on loopback form one cluster and share the pipeline")
class ClusterTest {

  @Test
  @DisplayName("a reading posted to an ingest-only node shows in the contacts of an inference+tactical node, "
    + "and both drain and exit 0 on SIGTERM")
  void readingCrossesTheCluster() throws Exception {
    int gridA = TestNodes.freePort();
    int gridB = TestNodes.freePort();
    int ingestA = TestNodes.freePort();
    int opsA = TestNodes.freePort();
    int tacticalB = TestNodes.freePort();
    int opsB = TestNodes.freePort();
    String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
    Map<String, String> env = Map.of("KRAKEN_CLUSTER_NAME", "kraken-test-" + UUID.randomUUID().toString().substring(0, 8),
      "KRAKEN_CLUSTER_MEMBERS", members, "KRAKEN_LOG_FORMAT", "json");
    try (KrakenProcess a = KrakenProcess.start("node-a", opsA, env, "--cluster", "--verticles", "ingest",
           "--no-simulator", "--set", "cluster.port=" + gridA, "--set", "ingest.http.port=" + ingestA,
           "--set", "ingest.tcp.port=" + TestNodes.freePort(),
           "--set", "ops.http.port=" + opsA, "--set", "tactical.http.port=" + TestNodes.freePort());
         KrakenProcess b = KrakenProcess.start("node-b", opsB, env, "--cluster", "--verticles", "inference,tactical",
           "--no-simulator", "--set", "inference.scorer=rules", "--set", "cluster.port=" + gridB, "--set", "tactical.http.port=" + tacticalB,
           "--set", "ops.http.port=" + opsB, "--set", "ingest.http.port=" + TestNodes.freePort())) {
      a.awaitReady(2, Duration.ofSeconds(60));
      b.awaitReady(2, Duration.ofSeconds(60));

      JsonObject reading = Readings.passiveSonar("cluster-1", "array-remote", 0.03, 120);
      HttpResponse<String> ack = postUntilTaken(ingestA, reading.encode(), Duration.ofSeconds(20));
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
      assertThat(new JsonObject(ack.body()).getJsonArray("contactIds")).containsExactly("C-array-remote");

      HttpResponse<String> contact = Http.get("http://127.0.0.1:" + tacticalB + "/api/v1/contacts/C-array-remote");
      assertThat(contact.statusCode()).as(contact.body()).isEqualTo(200);
      JsonObject summary = new JsonObject(contact.body());
      assertThat(summary.getString("threatLevel")).isEqualTo("Hostile");
      assertThat(summary.getString("lastReadingId")).isEqualTo("cluster-1");
      assertThat(summary.getJsonArray("evidence").getString(0)).contains("torpedo seeker band");

      assertThat(a.terminate(Duration.ofSeconds(30))).as("node A exit code on SIGTERM").isZero();
      assertThat(b.terminate(Duration.ofSeconds(30))).as("node B exit code on SIGTERM").isZero();
      String logA = a.output();
      JsonObject stopped = logA.lines().filter(line -> line.startsWith("{")).map(JsonObject::new)
        .filter(line -> line.getString("message", "").endsWith(" stopped")).findFirst().orElseThrow(() ->
          new AssertionError("no structured 'stopped' line in node A's log:\n" + logA));
      assertThat(stopped.getString("level")).isEqualTo("INFO");
      assertThat(stopped.getString("logger_name")).isEqualTo("kraken.launcher.KrakenNode");
      assertThat(stopped.getString("node")).as("every JSON line names its node").isNotBlank();
      assertThat(stopped.getString("message")).isEqualTo("node " + stopped.getString("node") + " stopped");
    }
  }

  /**
   * Ingest answers 503 (with Retry-After) until the inference node's consumer is known cluster-wide; a sensor
   * retries, and so does this test, for a bounded time.
   */
  private static HttpResponse<String> postUntilTaken(int port, String body, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> response;
    do {
      response = Http.postJson("http://127.0.0.1:" + port + "/api/v1/sensors/data", body);
      if (response.statusCode() != 503) {
        return response;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    return response;
  }
}
