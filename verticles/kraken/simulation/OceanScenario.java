package kraken.simulation;

import io.vertx.core.json.JsonObject;
import kraken.bus.SensorType;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * A small ocean, good enough for a first look at the console: a merchant ship and a submarine heard on
 * passive sonar, a contact closing on the bow sonar (it escalates from Suspicious to ImmediateThreat and then
 * opens again, every ten minutes), a ship seen from orbit, an X-band radar and radio traffic.
 * Readings come out as the JSON a real sensor would post.
 */
public final class OceanScenario {

  /** How long one approach of the closing contact takes before it starts over. */
  static final long APPROACH_MS = 600_000;

  private record SimulatedSensor(String sensorId, String priority, BiFunction<Long, SplittableRandom, SensorType> measure) {
  }

  private final List<SimulatedSensor> sensors = List.of(
    new SimulatedSensor("hydrophone-north", "Low", (t, r) ->
      new SensorType.SonarPassive(0.0012 + r.nextDouble() * 0.0001, (40 + t / 20_000.0) % 360)),
    new SimulatedSensor("towed-array-aft", "Medium", (t, r) ->
      new SensorType.SonarPassive(0.00006 + r.nextDouble() * 0.00001, (210 + Math.sin(t / 60_000.0) * 5 + 360) % 360)),
    new SimulatedSensor("bow-sonar", "High", (t, r) -> closingEcho(t, r)),
    new SimulatedSensor("sat-optical-7", "Low", (t, r) ->
      new SensorType.SatelliteOptical(59.3 + t % 3_600_000 / 3_600_000.0 * 0.2, 10.5 + r.nextDouble() * 0.001, 16)),
    new SimulatedSensor("sat-sigint-3", "Medium", (t, r) ->
      new SensorType.SatelliteSignals(new SensorType.FrequencyRange(9_300, 9_500), -75 + r.nextDouble() * 12)),
    new SimulatedSensor("comms-intercept-1", "Medium", (t, r) ->
      new SensorType.CommsIntercept(156.8, r.nextDouble() < 0.3 ? SensorType.Encryption.Military
        : SensorType.Encryption.Commercial)));

  private final String idPrefix;
  private final SplittableRandom random;
  private long sequence;

  public OceanScenario(String idPrefix, long seed) {
    this.idPrefix = idPrefix;
    this.random = new SplittableRandom(seed);
  }

  /** The next reading, round-robin over the sensors, measured at {@code now}. */
  public JsonObject next(long now) {
    SimulatedSensor sensor = sensors.get((int) (sequence % sensors.size()));
    sequence++;
    return new JsonObject().put("id", idPrefix + "-" + sequence).put("sensorId", sensor.sensorId())
      .put("timestamp", Instant.ofEpochMilli(now).toString())
      .put("sensorType", sensor.measure().apply(now, random).toJson())
      .put("classification", "Secret").put("priority", sensor.priority());
  }

  /** An echo whose range shrinks from 15 km to 750 m over one approach and whose strength grows as it closes. */
  private static SensorType closingEcho(long now, SplittableRandom random) {
    double progress = (now % APPROACH_MS) / (double) APPROACH_MS;
    double rangeM = 15_000 - progress * 14_250;
    double returnTimeMs = rangeM * 2 / 1500 * 1000;
    double strength = Math.min(1, 0.2 + progress * 0.7 + random.nextDouble() * 0.05);
    return new SensorType.SonarActive(strength, returnTimeMs);
  }
}
