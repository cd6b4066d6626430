package kraken.inference;

import kraken.bus.SensorReading;
import kraken.simulation.Ocean;
import kraken.simulation.SimulatedReading;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training rows for the fusion model, made the way serving makes its input: simulated readings in one-second
 * batches through the trained sonar, satellite, comms and anomaly models and the same {@link ScoringSteps}, once
 * with contacts as serving groups them today (one per sensor track) and once grouped by true vessel (as
 * cross-sensor association will group them), each contact's row labelled with its vessel's true threat level.
 */
public final class FusionTrainingRows {

  /** One batch per second of simulated time, as a busy ingest node would hand them over. */
  public static final long BATCH_MS = 1000;

  private final OfflineModels models;
  private final double keepShare;

  /** @param keepShare share of rows written (a seeded draw): neighbouring rows of a contact are much alike */
  public FusionTrainingRows(OfflineModels models, double keepShare) {
    this.models = models;
    this.keepShare = keepShare;
  }

  /** Writes a header and the rows for {@code readings} readings of the ocean at {@code rate} per second; returns rows. */
  public long write(Ocean ocean, long startMs, long readings, double rate, long seed, Writer out,
                    Runnable onBatch) throws IOException {
    OfflineScorer perTrack = new OfflineScorer(models, 1_000_000);
    OfflineScorer perVessel = new OfflineScorer(models, 1_000_000);
    SplittableRandom draw = new SplittableRandom(seed);
    out.write(String.join(",", ScoringSteps.fusionFeatureNames()) + ",label\n");
    long rows = 0;
    List<SimulatedReading> batch = new ArrayList<>();
    long batchEnd = startMs + BATCH_MS;
    for (long n = 0; n < readings; n++) {
      long at = startMs + (long) (n * 1000 / rate);
      if (at >= batchEnd && !batch.isEmpty()) {
        rows += writeBatch(batch, perTrack, perVessel, draw, out);
        batch.clear();
        batchEnd = at + BATCH_MS;
        onBatch.run();
      }
      batch.add(ocean.next(at));
    }
    if (!batch.isEmpty()) {
      rows += writeBatch(batch, perTrack, perVessel, draw, out);
    }
    return rows;
  }

  private long writeBatch(List<SimulatedReading> batch, OfflineScorer perTrack, OfflineScorer perVessel,
                          SplittableRandom draw, Writer out) throws IOException {
    List<SensorReading> readings = new ArrayList<>(batch.size());
    Map<String, SimulatedReading> byId = new HashMap<>();
    for (SimulatedReading simulated : batch) {
      SensorReading reading = simulated.sensorReading();
      readings.add(reading);
      byId.put(reading.id(), simulated);
    }
    long rows = write(perTrack.fold(readings, ContactKeys::contactOf), readings, byId, draw, out);
    return rows + write(perVessel.fold(readings, r -> byId.get(r.id()).truth().vesselId()), readings, byId, draw, out);
  }

  private long write(ScoringSteps.Fused fused, List<SensorReading> readings, Map<String, SimulatedReading> byId,
                     SplittableRandom draw, Writer out) throws IOException {
    int width = ScoringSteps.fusionFeatureNames().size();
    long rows = 0;
    for (int k = 0; k < fused.contacts().size(); k++) {
      if (draw.nextDouble() >= keepShare) {
        continue;
      }
      List<Integer> members = fused.contacts().get(k).readings();
      SensorReading last = readings.get(members.get(members.size() - 1));
      StringBuilder line = new StringBuilder(width * 8);
      for (int i = 0; i < width; i++) {
        float value = fused.fusionRows()[k * width + i];
        line.append(value == 0 ? "0" : Float.toString(value)).append(',');
      }
      out.write(line.append(byId.get(last.id()).truth().threatLevel().name()).append('\n').toString());
      rows++;
    }
    return rows;
  }
}
