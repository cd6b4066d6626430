package kraken.simulation;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible ocean around own ship ({@link OwnShip}): vessels of every {@link VesselClass} move, and
 * those that leave, hit or expire are replaced, so the picture lives forever. Own ship's five {@link Sensor}s take
 * turns in the seed mix's proportions; each reading is of one vessel the sensor can physically detect, with fields
 * that follow the geometry and a payload in {@link kraken.bus.PayloadFormat}, and a share of readings is poisoned
 * ({@link Anomaly}). A sensor names what it tracks by its own tracker's number: {@code <sensor>:T<nn>}, numbered
 * per sensor in the order it first detects each vessel. Not thread-safe.
 */
public final class Ocean {

  public static final int DEFAULT_VESSELS = 24;
  public static final double DEFAULT_ANOMALY_RATE = 0.05;
  /** 2026-01-01T00:00:00Z: where simulated time starts unless told otherwise. */
  public static final long DEFAULT_START_MS = 1_767_225_600_000L;

  private final SplittableRandom random;
  /**
   * Draws the noise of the optional geometry (echo and DF bearings, emitter geolocation). A stream of its own, so
   * that adding geometry left every other field, payload and choice of a seed's ocean exactly as it was.
   */
  private final SplittableRandom geometryNoise;
  private final double anomalyRate;
  private final String idPrefix;
  private final List<Vessel> vessels = new ArrayList<>();
  private final Sensor[] sensors = Sensor.values();
  private final long[] producedBySensor = new long[sensors.length];
  private final List<Map<String, Integer>> trackNumbers = new ArrayList<>();
  private final int[] nextTrackNumber = new int[sensors.length];
  private final Acoustics acoustics = new Acoustics();
  private final AnomalyInjector injector = new AnomalyInjector(acoustics);
  private final Vessel[] visible;
  private final int totalShare;
  private long clockMs;
  private long produced;
  private int vesselsBorn;

  /**
   * @param vessels     how many vessels are in the picture at any time (at least 7 puts every class in it at once)
   * @param anomalyRate share of readings poisoned, 0 to 1
   * @param idPrefix    reading ids are {@code <idPrefix>-<n>}
   * @param startMs     simulated time of the first reading, epoch ms
   */
  public Ocean(long seed, int vessels, double anomalyRate, String idPrefix, long startMs) {
    if (vessels < 1 || !(anomalyRate >= 0 && anomalyRate <= 1)) {
      throw new IllegalArgumentException("an ocean needs at least 1 vessel and an anomaly rate from 0 to 1, got "
        + vessels + " and " + anomalyRate);
    }
    this.random = new SplittableRandom(seed);
    this.geometryNoise = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.anomalyRate = anomalyRate;
    this.idPrefix = idPrefix;
    this.clockMs = startMs;
    this.visible = new Vessel[vessels];
    int share = 0;
    for (Sensor sensor : sensors) {
      trackNumbers.add(new HashMap<>());
      share += sensor.share;
    }
    this.totalShare = share;
    VesselClass[] classes = VesselClass.values();
    for (int i = 0; i < vessels; i++) {
      this.vessels.add(spawn(i < classes.length ? classes[i] : weightedClass()));
    }
  }

  /** The default ocean of a seed: 24 vessels, 5 % anomalies, starting 2026-01-01. */
  public static Ocean withSeed(long seed) {
    return new Ocean(seed, DEFAULT_VESSELS, DEFAULT_ANOMALY_RATE, "sim-" + seed, DEFAULT_START_MS);
  }

  /** Simulated time now, epoch ms. */
  public long clockMs() {
    return clockMs;
  }

  /** The next reading, made at simulated time {@code atMs} (not earlier than the last one's). */
  public SimulatedReading next(long atMs) {
    if (atMs > clockMs) {
      advance(atMs);
    }
    while (true) {
      for (int attempt = 0; attempt < sensors.length; attempt++) {
        int s = sensorFurthestBehind(attempt);
        int count = visibleTo(sensors[s]);
        if (count > 0) {
          producedBySensor[s]++;
          return read(sensors[s], visible[random.nextInt(count)]);
        }
        producedBySensor[s]++; // it looked and saw nothing; the others take its turn
      }
      vessels.set(farthest(), spawn(weightedClass()));
    }
  }

  private void advance(long toMs) {
    double seconds = (toMs - clockMs) / 1000.0;
    clockMs = toMs;
    for (int i = 0; i < vessels.size(); i++) {
      Vessel v = vessels.get(i);
      v.advance(seconds, clockMs, random);
      if (v.gone(clockMs)) {
        vessels.set(i, spawn(weightedClass()));
      }
    }
  }

  private SimulatedReading read(Sensor sensor, Vessel v) {
    Anomaly anomaly = random.nextDouble() < anomalyRate ? Anomaly.values()[1 + random.nextInt(3)] : Anomaly.None;
    double[] fields = new double[sensor.kind.slots()];
    byte[] payload = measure(sensor, v, fields);
    measureGeometry(sensor, v, fields);
    payload = injector.inject(anomaly, sensor, v, fields, payload, random);
    JsonObject reading = new JsonObject().put("id", idPrefix + "-" + (++produced))
      .put("sensorId", sensor.name + ":T" + String.format("%02d", trackNumber(sensor, v)))
      .put("timestamp", clockMs).put("sensorType", sensor.kind.create(fields).toJson())
      .put("payload", Base64.getEncoder().encodeToString(payload))
      .put("classification", "Secret").put("priority", sensor.priority);
    return new SimulatedReading(reading, v.truth(anomaly));
  }

  /** Fills the fields (wire order of the sensor's kind) and returns the payload, as the sensor measures them. */
  private byte[] measure(Sensor sensor, Vessel v, double[] fields) {
    Signature s = v.signature;
    switch (sensor) {
      case BowSonar -> {
        double targetStrength = targetStrengthDb(v.vesselClass);
        double strength = 0.02 + (targetStrength - 40 * Math.log10(Math.max(100, v.rangeM()) / 100) + 90) / 130
          + random.nextDouble(-0.02, 0.02);
        fields[0] = Math.max(0.001, Math.min(1, strength));
        fields[1] = 2 * v.rangeM() / kraken.bus.PayloadFormat.SOUND_SPEED_MPS * 1000;
        byte[] payload = Acoustics.newPayload();
        acoustics.active(v, fields[0], random, payload);
        return payload;
      }
      case TowedArray -> {
        byte[] payload = Acoustics.newPayload();
        fields[0] = acoustics.passive(v, random, payload) / 1e6;
        fields[1] = wrap(v.bearing() + random.nextDouble(-0.5, 0.5));
        return payload;
      }
      case SatOptical -> {
        double error = random.nextDouble(0, 15);
        double direction = random.nextDouble(2 * Math.PI);
        fields[0] = OwnShip.lat(v.north + error * Math.cos(direction));
        fields[1] = OwnShip.lon(v.east + error * Math.sin(direction));
        fields[2] = random.nextInt(14, 19);
        byte[] payload = OpticalChips.newPayload();
        OpticalChips.render(v, random, payload, true);
        return payload;
      }
      case SatSignals -> {
        fields[0] = s.radarLowMhz();
        fields[1] = s.radarHighMhz();
        double eirp = v.vesselClass == VesselClass.Merchant ? 80 : v.vesselClass == VesselClass.FishingVessel ? 70 : 75;
        fields[2] = eirp - 20 * Math.log10(v.rangeM() / 1000 + 1) - 120 + random.nextDouble(-3, 3);
        byte[] payload = SignalsPulses.newPayload();
        SignalsPulses.render(s, fields[2], random, payload, true);
        return payload;
      }
      case CommsIntercept -> {
        fields[0] = s.radioMhz() + random.nextDouble(-0.0125, 0.0125);
        fields[1] = s.encryption().ordinal();
        return CommsTraffic.render(v.vesselClass, s.encryption(), random);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** Bow-sonar echo bearing sigma, degrees. */
  public static final double ECHO_BEARING_SIGMA_DEG = 1;
  /** Comms direction-finding bearing sigma, degrees. */
  public static final double DF_BEARING_SIGMA_DEG = 3;
  /** Signals-satellite emitter geolocation sigma, metres per axis. */
  public static final double EMITTER_POSITION_SIGMA_M = 300;

  /**
   * The optional geometry of the kinds that have it, with Gaussian noise: the echo's bearing, the emitter's
   * position, the transmitter's DF bearing (the kind's optional slots follow its required ones).
   */
  private void measureGeometry(Sensor sensor, Vessel v, double[] fields) {
    switch (sensor) {
      case BowSonar -> fields[2] = wrap(v.bearing() + geometryNoise.nextGaussian() * ECHO_BEARING_SIGMA_DEG);
      case SatSignals -> {
        fields[3] = OwnShip.lat(v.north + geometryNoise.nextGaussian() * EMITTER_POSITION_SIGMA_M);
        fields[4] = OwnShip.lon(v.east + geometryNoise.nextGaussian() * EMITTER_POSITION_SIGMA_M);
      }
      case CommsIntercept -> fields[2] = wrap(v.bearing() + geometryNoise.nextGaussian() * DF_BEARING_SIGMA_DEG);
      default -> {
        // passive bearing and optical position are part of the required fields (measure)
      }
    }
  }

  /** Echo strength of a hull, dB: large hulls and decoys (built to echo) return the most, torpedoes the least. */
  static double targetStrengthDb(VesselClass c) {
    return switch (c) {
      case Merchant -> 25;
      case Decoy -> 20;
      case HostileSubmarine, FriendlySubmarine -> 15;
      case FishingVessel -> 10;
      case Biologic -> 0;
      case Torpedo -> -10;
    };
  }

  private static double wrap(double degrees) {
    double wrapped = ((degrees % 360) + 360) % 360;
    return wrapped >= 360 ? 0 : wrapped;
  }

  private int trackNumber(Sensor sensor, Vessel v) {
    return trackNumbers.get(sensor.ordinal()).computeIfAbsent(v.id, id -> ++nextTrackNumber[sensor.ordinal()]);
  }

  private int visibleTo(Sensor sensor) {
    int count = 0;
    for (Vessel v : vessels) {
      if (sensor.sees(v)) {
        visible[count++] = v;
      }
    }
    return count;
  }

  /** The sensor furthest behind its share; {@code skip} passes over that many better candidates. */
  private int sensorFurthestBehind(int skip) {
    long total = 0;
    for (long p : producedBySensor) {
      total += p;
    }
    Integer[] order = new Integer[sensors.length];
    double[] deficit = new double[sensors.length];
    for (int s = 0; s < sensors.length; s++) {
      order[s] = s;
      deficit[s] = (total + 1) * sensors[s].share / (double) totalShare - producedBySensor[s];
    }
    if (skip == 0) {
      int best = 0;
      for (int s = 1; s < sensors.length; s++) {
        if (deficit[s] > deficit[best]) {
          best = s;
        }
      }
      return best;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(deficit[b], deficit[a]));
    return order[skip];
  }

  private int farthest() {
    int far = 0;
    for (int i = 1; i < vessels.size(); i++) {
      if (vessels.get(i).rangeM() > vessels.get(far).rangeM()) {
        far = i;
      }
    }
    return far;
  }

  private VesselClass weightedClass() {
    int total = 0;
    for (VesselClass c : VesselClass.values()) {
      total += c.spawnWeight;
    }
    int pick = random.nextInt(total);
    for (VesselClass c : VesselClass.values()) {
      pick -= c.spawnWeight;
      if (pick < 0) {
        return c;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private Vessel spawn(VesselClass c) {
    return new Vessel(String.format("V%04d", ++vesselsBorn), c, clockMs, random);
  }
}
