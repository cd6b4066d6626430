package kraken.inference;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import kraken.bus.ContactUpdate;
import kraken.bus.ReadingBatch;
import kraken.config.Settings;
import kraken.inference.features.Modality;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores with the five models: features on a worker, the modality classifiers and the anomaly detector in the
 * batched model runs (rows of many bus messages share a run), the evidence folded per contact on a worker, the
 * fusion model batched again, and the assessments built on a worker. The steps themselves are {@link ScoringSteps}.
 * A missing model or a saturated pool fails the batch with {@link NoModelException} or
 * {@link InferenceSaturatedException}, which {@link DegradingScorer} turns into a degraded answer from the rules.
 */
public final class ModelScorer implements Scorer {

  private final Vertx vertx;
  private final ModelServing serving;
  private final ScoringSteps steps;
  private final int parallelism;

  /** Batches up to this many readings are extracted on one worker; larger ones in parallel ranges. */
  static final int CHUNK_READINGS = 128;

  public ModelScorer(ModelServing serving, JsonObject config) {
    this.vertx = serving.vertx();
    this.serving = serving;
    this.steps = new ScoringSteps(Settings.INFERENCE_EVIDENCE_MAX_CONTACTS.from(config));
    this.parallelism = serving.limits().workers();
  }

  /** What the first model runs gave: per modality (null when the batch had none of it) and the anomaly verdicts. */
  private record FirstRuns(ScoringSteps.Features features, Inferred[] classifiers, Inferred anomaly) {
  }

  @Override
  public Future<List<ContactUpdate>> assess(ReadingBatch batch) {
    return features(batch)
      .compose(this::firstRuns)
      .compose(first -> vertx.executeBlocking(() -> steps.fold(first.features(), first.classifiers(), first.anomaly()),
          false)
        .compose(fused -> serving.inferWithModel(ModelRoles.FUSION, fused.fusionRows(), fused.contacts().size())
          .compose(fusion -> vertx.executeBlocking(() -> steps.assessments(first.features(), fused, fusion,
            models(first, fusion), batch.receivedAt(), System.currentTimeMillis()), false))));
  }

  /**
   * Features dominate the cost of a large batch (an FFT per sonar reading, twice with the anomaly detector's), so a
   * batch larger than {@link #CHUNK_READINGS} is cut into ranges extracted at once on the worker pool.
   */
  private Future<ScoringSteps.Features> features(ReadingBatch batch) {
    int n = batch.readings().size();
    if (n <= CHUNK_READINGS) {
      return vertx.executeBlocking(() -> steps.features(batch.readings()), false);
    }
    return vertx.executeBlocking(() -> steps.layout(batch.readings()), false).compose(features -> {
      int chunks = Math.min(parallelism, (n + CHUNK_READINGS - 1) / CHUNK_READINGS);
      List<Future<Void>> parts = new ArrayList<>(chunks);
      for (int c = 0; c < chunks; c++) {
        int from = (int) ((long) n * c / chunks);
        int to = (int) ((long) n * (c + 1) / chunks);
        parts.add(vertx.executeBlocking(() -> {
          steps.extract(features, from, to);
          return null;
        }, false));
      }
      return Future.all(parts).map(all -> features);
    });
  }

  private Future<FirstRuns> firstRuns(ScoringSteps.Features features) {
    Modality[] modalities = Modality.values();
    List<Future<Inferred>> runs = new ArrayList<>(modalities.length + 1);
    for (Modality m : modalities) {
      runs.add(features.count(m) == 0 ? Future.succeededFuture()
        : serving.inferWithModel(ScoringSteps.role(m), features.rows(m), features.count(m)));
    }
    runs.add(serving.inferWithModel(ModelRoles.ANOMALY, features.anomalyRows(), features.readings().size()));
    return Future.all(runs).map(all -> {
      Inferred[] classifiers = new Inferred[modalities.length];
      for (int m = 0; m < modalities.length; m++) {
        classifiers[m] = all.resultAt(m);
      }
      return new FirstRuns(features, classifiers, all.resultAt(modalities.length));
    });
  }

  /** The versions that made this batch's assessments: the classifiers that had rows, the detector, the fusion. */
  private static List<String> models(FirstRuns first, Inferred fusion) {
    List<String> models = new ArrayList<>();
    for (Inferred classifier : first.classifiers()) {
      if (classifier != null) {
        models.add(classifier.modelId());
      }
    }
    models.add(first.anomaly().modelId());
    models.add(fusion.modelId());
    return models;
  }
}
