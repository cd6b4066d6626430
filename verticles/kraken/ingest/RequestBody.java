package kraken.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an ingest request body: one reading object or an array of them. Stricter than Vert.x's own decoding:
 * a key given twice in one object is an error (otherwise the last one would silently win), and so is anything
 * after the JSON value.
 */
final class RequestBody {

  private static final ObjectMapper STRICT = JsonMapper.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
    .build();

  /** Why a body could not be read as readings; the message is for the sender. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }

  private RequestBody() {
  }

  /** The request's readings as JSON values (objects as {@link JsonObject}), in order. */
  static List<Object> elements(String body) {
    if (body.isBlank()) {
      throw new Malformed("the request body is empty: send one reading object or an array of them");
    }
    Object tree;
    try {
      tree = STRICT.readValue(body, Object.class);
    } catch (JsonProcessingException e) {
      throw new Malformed("the body is not valid JSON: " + e.getOriginalMessage()
        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ")"));
    }
    if (tree instanceof List<?> list) {
      List<Object> elements = new ArrayList<>(list.size());
      list.forEach(element -> elements.add(wrap(element)));
      return elements;
    }
    if (tree instanceof Map<?, ?>) {
      return List.of(wrap(tree));
    }
    throw new Malformed("the body is not a JSON object or array: send one reading object or an array of them");
  }

  @SuppressWarnings("unchecked")
  private static Object wrap(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new JsonObject((Map<String, Object>) map);
    }
    return value instanceof List<?> list ? new JsonArray(list) : value;
  }
}
