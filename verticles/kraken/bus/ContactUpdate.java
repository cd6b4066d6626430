package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One contact's share of an assessed batch: the assessment plus the readings behind it, which tactical
 * folds into the contact: how many, the newest one's id, the sensor times of the first and last (epoch ms), and
 * {@code receivedAt}, when ingest received them (for latency). {@code fingerprint} names exactly this set of
 * readings, so that the same readings resent are recognised.
 */
public record ContactUpdate(ThreatAssessment assessment, List<String> sensorIds, List<String> sensorKinds,
                            int readingCount, String lastReadingId, long firstReadingAt, long lastReadingAt,
                            long receivedAt, String fingerprint) {

  public ContactUpdate {
    sensorIds = List.copyOf(sensorIds);
    sensorKinds = List.copyOf(sensorKinds);
  }

  /**
   * A name for a set of reading ids, the same whatever their order: 64 bits of a SHA-256, as 16 hex digits
   * (a contact remembers only its last few dozen, so collisions are not a practical concern).
   */
  public static String fingerprintOf(List<String> readingIds) {
    List<String> sorted = new java.util.ArrayList<>(readingIds);
    java.util.Collections.sort(sorted);
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(String.join("\n", sorted).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }

  public String contactId() {
    return assessment.contactId();
  }

  public JsonObject toJson() {
    return new JsonObject().put("assessment", assessment.toJson()).put("sensorIds", new JsonArray(sensorIds))
      .put("sensorKinds", new JsonArray(sensorKinds)).put("readingCount", readingCount)
      .put("lastReadingId", lastReadingId).put("firstReadingAt", firstReadingAt).put("lastReadingAt", lastReadingAt)
      .put("receivedAt", receivedAt).put("fingerprint", fingerprint);
  }

  public static ContactUpdate fromJson(JsonObject json) {
    return new ContactUpdate(ThreatAssessment.fromJson(json.getJsonObject("assessment")),
      Json.strings(json.getJsonArray("sensorIds")), Json.strings(json.getJsonArray("sensorKinds")),
      json.getInteger("readingCount"), json.getString("lastReadingId"), json.getLong("firstReadingAt"),
      json.getLong("lastReadingAt"), json.getLong("receivedAt"), json.getString("fingerprint"));
  }
}
