package kraken.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The live-update benchmark with tiny numbers, as CI runs it: every figure present and sane, no timing thresholds. */
@DisplayName("kraken bench-live with a few clients")
class LiveBenchSmokeTest {

  @Test
  @DisplayName("connects every client, delivers coalesced deltas to each, and ends with every figure")
  void smokeRun() {
    JsonObject result = BenchRun.json("bench-live", "--clients", "20", "--contacts", "200", "--changes-per-second",
      "100", "--duration", "2s", "--warmup", "500ms", "--json");

    JsonObject picture = result.getJsonObject("picture");
    assertThat(picture.getLong("changes_folded")).isPositive();
    assertThat(picture.getLong("change_batches_failed")).isZero();

    JsonObject delivery = result.getJsonObject("delivery");
    assertThat(delivery.getInteger("clients_closed_while_measuring")).isZero();
    assertThat(delivery.getDouble("deltas_per_client_per_second_min")).as("every client received deltas").isPositive();
    // coalescing caps a client at tactical.ws.maxHz (10) messages a second; two messages of slack for those sent
    // just before the measured window and received in it
    double seconds = delivery.getDouble("seconds");
    assertThat(delivery.getDouble("deltas_per_client_per_second_max")).isLessThanOrEqualTo((10 * seconds + 2) / seconds);
    assertThat(delivery.getDouble("contacts_per_delta_mean")).isGreaterThanOrEqualTo(1.0);
    for (String figure : new String[] {"change_to_receipt_ms", "freshest_change_to_receipt_ms"}) {
      JsonObject p = delivery.getJsonObject(figure);
      assertThat(p.getLong("count")).as(figure).isPositive();
      assertThat(p.getDouble("p99")).as(figure).isGreaterThanOrEqualTo(p.getDouble("p50"));
      assertThat(p.getDouble("max")).as(figure).isGreaterThanOrEqualTo(p.getDouble("p99"));
    }
    assertThat(delivery.getJsonObject("change_to_receipt_ms").getLong("count"))
      .as("a message holds at least one contact").isGreaterThanOrEqualTo(
        delivery.getJsonObject("freshest_change_to_receipt_ms").getLong("count"));

    JsonObject memory = result.getJsonObject("memory");
    assertThat(memory.getDouble("rss_before_clients_mb")).isPositive();
    assertThat(memory.getDouble("rss_while_measuring_max_mb")).isPositive();
  }
}
