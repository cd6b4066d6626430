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

  public ModelScorer(ModelServing serving, JsonObject config) {
    this.vertx = serving.vertx();
    this.serving = serving;
    this.steps = new ScoringSteps(Settings.INFERENCE_EVIDENCE_MAX_CONTACTS.from(config));
  }

  /** What the first model runs gave: per modality (null when the batch had none of it) and the anomaly verdicts. */
  private record FirstRuns(ScoringSteps.Features features, Inferred[] classifiers, Inferred anomaly) {
  }

  @Override
  public Future<List<ContactUpdate>> assess(ReadingBatch batch) {
    return vertx.executeBlocking(() -> steps.features(batch.readings()), false)
      .compose(this::firstRuns)
      .compose(first -> vertx.executeBlocking(() -> steps.fold(first.features(), first.classifiers(), first.anomaly()),
          false)
        .compose(fused -> serving.inferWithModel(ModelRoles.FUSION, fused.fusionRows(), fused.contacts().size())
          .compose(fusion -> vertx.executeBlocking(() -> steps.assessments(first.features(), fused, fusion,
            models(first, fusion), batch.receivedAt(), System.currentTimeMillis()), false))));
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
