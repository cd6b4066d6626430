package kraken.simulation;

import kraken.bus.SensorType.Encryption;

import java.util.Arrays;
import java.util.SplittableRandom;

import static kraken.bus.PayloadFormat.CHIP_HEADER_BYTES;

/**
 * Poisons a reading so that the damage shows in the reading itself (its payload, or fields that contradict the
 * payload or the geometry) while every field stays inside the ranges ingest accepts: a detector that sees only the
 * reading can find it. Spoofed: a too-clean synthetic signal, a position far from anything own ship can see, or a
 * claimed encryption the bytes contradict. Corrupted: flipped bits, a zeroed chunk, a garbage chunk. Faulty sensor:
 * stuck, clipped, DC offset, dead.
 */
final class AnomalyInjector {

  private final Acoustics acoustics;

  AnomalyInjector(Acoustics acoustics) {
    this.acoustics = acoustics;
  }

  /** Applies the anomaly to the fields (wire order) and payload; returns the payload (it may be a new array). */
  byte[] inject(Anomaly anomaly, Sensor sensor, Vessel v, double[] fields, byte[] payload, SplittableRandom r) {
    return switch (anomaly) {
      case None -> payload;
      case Spoofed -> spoof(sensor, v, fields, payload, r);
      case Corrupted -> corrupt(sensor, fields, payload, r);
      case FaultySensor -> fault(sensor, payload, r);
    };
  }

  private byte[] spoof(Sensor sensor, Vessel v, double[] fields, byte[] payload, SplittableRandom r) {
    switch (sensor) {
      case TowedArray -> {
        acoustics.cleanTones(r, payload);
        fields[0] = r.nextDouble(20, 2_500) / 1e6;
      }
      case BowSonar -> acoustics.cleanEcho(r, payload);
      case SatOptical -> {
        OpticalChips.render(v, r, payload, false);
        double range = r.nextDouble(80_000, 150_000);
        double bearing = Math.toRadians(r.nextDouble(360));
        fields[0] = OwnShip.lat(range * Math.cos(bearing));
        fields[1] = OwnShip.lon(range * Math.sin(bearing));
      }
      case SatSignals -> {
        SignalsPulses.render(v.signature, fields[2], r, payload, false);
        fields[2] = r.nextDouble(10, 45);
      }
      case CommsIntercept -> fields[1] = fields[1] == Encryption.None.ordinal()
        ? Encryption.Military.ordinal() : Encryption.None.ordinal();
    }
    return payload;
  }

  private byte[] corrupt(Sensor sensor, double[] fields, byte[] payload, SplittableRandom r) {
    int start = sensor == Sensor.SatOptical ? CHIP_HEADER_BYTES : 0;
    int span = payload.length - start;
    boolean encryptedComms = sensor == Sensor.CommsIntercept && fields[1] != Encryption.None.ordinal();
    int mode = encryptedComms ? 1 : r.nextInt(3);
    switch (mode) {
      case 0 -> {
        int flips = Math.max(8, span / 100);
        boolean samples = sensor == Sensor.BowSonar || sensor == Sensor.TowedArray || sensor == Sensor.SatSignals;
        for (int k = 0; k < flips; k++) {
          int at = start + r.nextInt(span);
          if (samples) {
            at &= ~1; // the high byte of a sample: the flip shows as a spike
            payload[at] ^= (byte) (1 << r.nextInt(4, 7));
          } else {
            payload[at] ^= (byte) 0x80;
          }
        }
      }
      case 1 -> {
        int length = Math.min(span, r.nextInt(96, 320));
        int at = start + r.nextInt(span - length + 1);
        Arrays.fill(payload, at, at + length, (byte) 0);
      }
      default -> {
        int length = Math.min(span, r.nextInt(96, 320));
        int at = start + r.nextInt(span - length + 1);
        for (int i = at; i < at + length; i++) {
          payload[i] = (byte) r.nextInt(256);
        }
      }
    }
    return payload;
  }

  private byte[] fault(Sensor sensor, byte[] payload, SplittableRandom r) {
    return switch (sensor) {
      case BowSonar, TowedArray, SatSignals -> {
        faultSamples(payload, r, sensor == Sensor.SatSignals);
        yield payload;
      }
      case SatOptical -> {
        faultPixels(payload, r);
        yield payload;
      }
      case CommsIntercept -> {
        if (r.nextBoolean()) {
          yield Arrays.copyOf(payload, r.nextInt(0, 17));
        }
        int length = Math.min(payload.length, r.nextInt(150, 400));
        int at = r.nextInt(payload.length - length + 1);
        Arrays.fill(payload, at, at + length, payload[at]);
        yield payload;
      }
    };
  }

  private static void faultSamples(byte[] payload, SplittableRandom r, boolean envelope) {
    int n = payload.length / 2;
    switch (r.nextInt(4)) {
      case 0 -> {
        int length = r.nextInt(200, 600);
        int at = r.nextInt(n - length);
        int stuck = Tables.getShort(payload, at);
        for (int i = at; i < at + length; i++) {
          Tables.putShort(payload, i, stuck);
        }
      }
      case 1 -> {
        double gain = r.nextDouble(8, 20);
        for (int i = 0; i < n; i++) {
          Tables.putShort(payload, i, (int) (Tables.getShort(payload, i) * gain));
        }
      }
      case 2 -> {
        int offset = (envelope || r.nextBoolean() ? 1 : -1) * r.nextInt(8_000, 20_000);
        for (int i = 0; i < n; i++) {
          Tables.putShort(payload, i, Tables.getShort(payload, i) + offset);
        }
      }
      default -> {
        double gain = r.nextDouble(0.001, 0.005);
        for (int i = 0; i < n; i++) {
          Tables.putShort(payload, i, (int) Math.round(Tables.getShort(payload, i) * gain));
        }
      }
    }
  }

  private static void faultPixels(byte[] chip, SplittableRandom r) {
    int pixels = chip.length - CHIP_HEADER_BYTES;
    switch (r.nextInt(4)) {
      case 0 -> Arrays.fill(chip, CHIP_HEADER_BYTES, chip.length, (byte) 0);
      case 1 -> {
        int rows = r.nextInt(20, 60);
        int width = (int) Math.sqrt(pixels);
        int at = CHIP_HEADER_BYTES + r.nextInt(0, pixels / width - rows) * width;
        Arrays.fill(chip, at, at + rows * width, chip[at]);
      }
      case 2 -> {
        double gain = r.nextDouble(4, 8);
        for (int i = CHIP_HEADER_BYTES; i < chip.length; i++) {
          chip[i] = (byte) Math.min(255, (int) ((chip[i] & 0xff) * gain));
        }
      }
      default -> {
        int offset = r.nextInt(70, 120);
        for (int i = CHIP_HEADER_BYTES; i < chip.length; i++) {
          chip[i] = (byte) Math.min(255, (chip[i] & 0xff) + offset);
        }
      }
    }
  }
}
