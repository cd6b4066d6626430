package kraken.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The API benchmark with tiny numbers, as CI runs it: every figure present and sane, no timing thresholds. */
@DisplayName("kraken bench-api with a small picture and a low rate")
class ApiBenchSmokeTest {

  private static final List<String> TARGETS = List.of("threats_active", "bare_threats", "contacts_limit_100",
    "bare_contacts");

  @Test
  @DisplayName("fills the picture through the fold, loads the API and the bare endpoint, and ends with every figure")
  void smokeRun() {
    // a long request timeout: on a busy CI machine the contacts page may fall far behind 300/s, which is a figure,
    // not an error; an error here means a request failed
    JsonObject result = BenchRun.json("bench-api", "--contacts", "2000", "--rate", "300", "--duration", "2s",
      "--closed-duration", "1s", "--warmup", "300ms", "--concurrency", "8", "--request-timeout", "120s", "--json");

    JsonObject picture = result.getJsonObject("picture");
    assertThat(picture.getInteger("contacts")).as("every contact went through the fold").isEqualTo(2000);
    assertThat(picture.getInteger("active_threats")).as("the threat mix").isEqualTo(12)
      .isEqualTo(picture.getInteger("expected_active_threats"));
    assertThat(picture.getInteger("contacts_document_bytes")).isGreaterThan(picture.getInteger("threats_document_bytes"));

    for (String phase : List.of("open_loop", "closed_loop")) {
      assertThat(result.getJsonArray(phase).stream().map(t -> ((JsonObject) t).getString("target")).toList())
        .as(phase).containsExactlyElementsOf(TARGETS);
      result.getJsonArray(phase).forEach(o -> {
        JsonObject target = (JsonObject) o;
        String what = phase + " " + target.getString("target");
        assertThat(target.getLong("ok")).as(what + " answered requests").isPositive();
        assertThat(target.getLong("errors")).as(what + " errors %s", target.getJsonObject("errors_by_reason")).isZero();
        assertThat(target.getDouble("p50_ms")).as(what).isPositive();
        assertThat(target.getDouble("p90_ms")).as(what).isGreaterThanOrEqualTo(target.getDouble("p50_ms"));
        assertThat(target.getDouble("p99_ms")).as(what).isGreaterThanOrEqualTo(target.getDouble("p90_ms"));
        assertThat(target.getDouble("max_ms")).as(what).isGreaterThanOrEqualTo(target.getDouble("p99_ms"));
        assertThat(target.getDouble("throughput_per_second")).as(what).isPositive();
      });
    }
    JsonObject open = result.getJsonArray("open_loop").getJsonObject(0);
    assertThat(open.getLong("scheduled")).as("300/s for 2 s").isEqualTo(600L);
    assertThat(open.getLong("ok") + open.getLong("errors") + open.getLong("not_sent_server_behind"))
      .as("every scheduled request accounted for").isEqualTo(600L);
    // the bare endpoint serves the very bytes the API answered
    result.getJsonArray("open_loop").forEach(o -> {
      JsonObject target = (JsonObject) o;
      int expected = target.getString("target").contains("threats") ? picture.getInteger("threats_document_bytes")
        : picture.getInteger("contacts_document_bytes");
      assertThat(target.getLong("mean_response_bytes")).as(target.getString("target")).isEqualTo((long) expected);
    });
    for (String endpoint : List.of("threats_active", "contacts_limit_100")) {
      assertThat(result.getJsonObject("ratios").getJsonObject(endpoint).getDouble("closed_loop")).as(endpoint).isPositive();
    }
    assertThat(result.getJsonObject("memory").getDouble("rss_mb")).isPositive();
  }
}
