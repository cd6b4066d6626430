package kraken.simulation;

import io.vertx.core.json.JsonObject;
import kraken.bus.Classification;
import kraken.bus.Priority;
import kraken.bus.SensorKind;
import kraken.bus.SensorReading;

import java.util.Base64;

/**
 * One simulated reading: {@code reading} is exactly the JSON a real sensor posts to {@code POST /api/v1/sensors/data};
 * {@code truth} is what was really there, kept beside it and never inside it.
 */
public record SimulatedReading(JsonObject reading, GroundTruth truth) {

  /** The reading as ingest would hand it on (for feature extraction offline, without the HTTP hop). */
  public SensorReading sensorReading() {
    JsonObject type = reading.getJsonObject("sensorType");
    SensorKind kind = SensorKind.byName(type.getString("type")).orElseThrow();
    double[] slots = new double[kind.slots()];
    int slot = 0;
    for (SensorKind.Field field : kind.fields()) {
      switch (field.shape()) {
        case NUMBER, INTEGER -> slots[slot] = field.optional() && type.getValue(field.name()) == null
          ? Double.NaN : type.getDouble(field.name());
        case CHOICE -> slots[slot] = Enum.valueOf(choices(field), type.getString(field.name())).ordinal();
        case FREQUENCY_RANGE -> {
          slots[slot] = type.getJsonObject(field.name()).getDouble("lowMhz");
          slots[slot + 1] = type.getJsonObject(field.name()).getDouble("highMhz");
        }
      }
      slot += field.width();
    }
    return new SensorReading(reading.getString("id"), reading.getString("sensorId"), reading.getLong("timestamp"),
      kind.create(slots), Base64.getDecoder().decode(reading.getString("payload")),
      Classification.valueOf(reading.getString("classification")), Priority.valueOf(reading.getString("priority")));
  }

  public JsonObject toJson() {
    return new JsonObject().put("reading", reading).put("truth", truth.toJson());
  }

  public static SimulatedReading fromJson(JsonObject json) {
    return new SimulatedReading(json.getJsonObject("reading"), GroundTruth.fromJson(json.getJsonObject("truth")));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Class<? extends Enum> choices(SensorKind.Field field) {
    return (Class<? extends Enum>) field.choices();
  }
}
