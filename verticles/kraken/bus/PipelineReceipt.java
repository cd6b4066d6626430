package kraken.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The reply that travels back along the pipeline once a batch is in the picture: which contacts it touched. */
public record PipelineReceipt(int readings, List<String> contactIds) {

  public PipelineReceipt {
    contactIds = List.copyOf(contactIds);
  }

  public JsonObject toJson() {
    return new JsonObject().put("readings", readings).put("contactIds", new JsonArray(contactIds));
  }

  public static PipelineReceipt fromJson(JsonObject json) {
    return new PipelineReceipt(json.getInteger("readings"), Json.strings(json.getJsonArray("contactIds")));
  }
}
