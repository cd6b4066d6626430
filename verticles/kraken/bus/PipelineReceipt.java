package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The reply that travels back along the pipeline once a batch is in the picture: which contacts it touched, and
 * how many of its readings were already there (resent readings, counted once).
 */
public record PipelineReceipt(int readings, int duplicates, List<String> contactIds) {

  public PipelineReceipt {
    contactIds = List.copyOf(contactIds);
  }

  public JsonObject toJson() {
    return new JsonObject().put("readings", readings).put("duplicates", duplicates).put("contactIds", new JsonArray(contactIds));
  }

  public static PipelineReceipt fromJson(JsonObject json) {
    return new PipelineReceipt(json.getInteger("readings"), json.getInteger("duplicates"), Json.strings(json.getJsonArray("contactIds")));
  }
}
