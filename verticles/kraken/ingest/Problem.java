package kraken.ingest;

import io.vertx.core.json.JsonObject;

/**
 * Why a reading (or a whole request) was refused: which reading (index in the request, -1 for the request),
 * which field (a JSON path such as {@code sensorType.bearing}), a reason code for metrics and clients, and a
 * sentence saying what was wrong and what is allowed.
 */
public record Problem(int reading, String field, Reason reason, String message) {

  /** Reason codes; they are also the {@code reason} label of {@code kraken_readings_rejected_total}. */
  public enum Reason {
    malformed_json, unsupported_media_type, body_too_large, too_many_readings, empty_batch,
    unknown_field, missing_field, invalid_value, unknown_sensor_type, duplicate_id, rejected_with_batch,
    pipeline_unavailable, pipeline_timeout, pipeline_failed, overloaded, storage_unavailable, storage_failed,
    // binary TCP ingest only (HTTP has its own words for these: malformed_json, body_too_large, 415)
    bad_magic, unsupported_version, malformed_frame, frame_too_large, frame_timeout, no_credit
  }

  public static Problem ofRequest(Reason reason, String message) {
    return new Problem(-1, null, reason, message);
  }

  /** A value as shown in a message: strings quoted, long ones cut. */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  /** One line for logs and the response's {@code error}: where, then what. */
  public String summary() {
    if (field == null) {
      return message;
    }
    return (reading >= 0 ? "reading " + reading + ", " : "") + field + ": " + message;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (reading >= 0) {
      json.put("reading", reading);
    }
    if (field != null) {
      json.put("field", field);
    }
    return json.put("reason", reason.name()).put("message", message);
  }
}
