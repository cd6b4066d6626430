package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One contact's share of an assessed batch: the assessment plus the readings behind it, which tactical folds into
 * the contact: the sensors and kinds, the newest reading's id, the sensor times of the first and last (epoch ms),
 * {@code receivedAt} (when ingest received them, for latency and the duplicate window), and one
 * {@link #readingKey} per reading, by which the picture recognises a reading it already holds, and the geometry
 * ({@link Observation}) of each reading that measured any, by which tactical associates and tracks.
 */
public record ContactUpdate(ThreatAssessment assessment, List<String> sensorIds, List<String> sensorKinds,
                            String lastReadingId, long firstReadingAt, long lastReadingAt, long receivedAt,
                            long[] readingKeys, List<Observation> observations) {

  public ContactUpdate {
    sensorIds = List.copyOf(sensorIds);
    sensorKinds = List.copyOf(sensorKinds);
    observations = List.copyOf(observations);
  }

  /** An update whose readings measured no geometry. */
  public ContactUpdate(ThreatAssessment assessment, List<String> sensorIds, List<String> sensorKinds,
                       String lastReadingId, long firstReadingAt, long lastReadingAt, long receivedAt,
                       long[] readingKeys) {
    this(assessment, sensorIds, sensorKinds, lastReadingId, firstReadingAt, lastReadingAt, receivedAt, readingKeys,
      List.of());
  }

  /** The same readings under another assessment (a degraded mark, the contact association chose). */
  public ContactUpdate withAssessment(ThreatAssessment other) {
    return new ContactUpdate(other, sensorIds, sensorKinds, lastReadingId, firstReadingAt, lastReadingAt, receivedAt,
      readingKeys, observations);
  }

  /**
   * A reading's identity, (sensorId, id), as 64 bits: a polynomial hash of both strings through MurmurHash3's
   * finaliser. Two different readings share a key with probability about 2^-64 per pair, so a contact holding a
   * million keys mistakes a new reading for a duplicate about once in 10^13 readings.
   */
  public static long readingKey(String sensorId, String readingId) {
    long h = 0xcbf29ce484222325L;
    for (byte b : sensorId.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h = (h ^ 0xff) * 0x100000001b3L; // separator: ("ab", "c") and ("a", "bc") differ
    for (byte b : readingId.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  public int readingCount() {
    return readingKeys.length;
  }

  public String contactId() {
    return assessment.contactId();
  }

  public JsonObject toJson() {
    JsonArray keys = new JsonArray();
    for (long key : readingKeys) {
      keys.add(key);
    }
    return new JsonObject().put("assessment", assessment.toJson()).put("sensorIds", new JsonArray(sensorIds))
      .put("sensorKinds", new JsonArray(sensorKinds)).put("lastReadingId", lastReadingId)
      .put("firstReadingAt", firstReadingAt).put("lastReadingAt", lastReadingAt).put("receivedAt", receivedAt)
      .put("readingKeys", keys).put("observations", new JsonArray(observations.stream().map(Observation::toJson).toList()));
  }

  public static ContactUpdate fromJson(JsonObject json) {
    JsonArray keys = json.getJsonArray("readingKeys");
    long[] readingKeys = new long[keys.size()];
    for (int i = 0; i < readingKeys.length; i++) {
      readingKeys[i] = keys.getLong(i);
    }
    return new ContactUpdate(ThreatAssessment.fromJson(json.getJsonObject("assessment")),
      Json.strings(json.getJsonArray("sensorIds")), Json.strings(json.getJsonArray("sensorKinds")),
      json.getString("lastReadingId"), json.getLong("firstReadingAt"), json.getLong("lastReadingAt"),
      json.getLong("receivedAt"), readingKeys, observations(json.getJsonArray("observations")));
  }

  private static List<Observation> observations(JsonArray json) {
    if (json == null) {
      return List.of();
    }
    List<Observation> list = new java.util.ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      list.add(Observation.fromJson(json.getJsonObject(i)));
    }
    return list;
  }
}
