package kraken.inference;

import kraken.bus.ContactUpdate;
import kraken.bus.SensorReading;
import kraken.inference.features.Modality;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link ScoringSteps} over {@link OfflineModels}, synchronously: the served pipeline without the event bus and the
 * batching, for the quality test, the benchmark and the making of fusion training rows.
 */
public final class OfflineScorer {

  private final OfflineModels models;
  private final ScoringSteps steps;

  public OfflineScorer(OfflineModels models, int maxContacts) {
    this.models = models;
    this.steps = new ScoringSteps(maxContacts);
  }

  public ScoringSteps steps() {
    return steps;
  }

  private record FirstRuns(ScoringSteps.Features features, Inferred[] classifiers, Inferred anomaly,
                           List<String> used) {
  }

  /** Steps 1 and 2: features, first model runs, evidence folded; the fusion rows are in the result. */
  public ScoringSteps.Fused fold(List<SensorReading> readings, Function<SensorReading, String> contactOf) {
    FirstRuns first = firstRuns(readings);
    return steps.fold(first.features(), first.classifiers(), first.anomaly(), contactOf);
  }

  /** The whole pipeline's result: the contacts' evidence after the batch and what serving would send to tactical. */
  public record Scored(ScoringSteps.Fused fused, List<ContactUpdate> updates) {
  }

  /** The whole pipeline, contacts as serving groups them. */
  public List<ContactUpdate> assess(List<SensorReading> readings, long now) {
    return assess(readings, ContactKeys::contactOf, now).updates();
  }

  /** The whole pipeline, with readings grouped into contacts by {@code contactOf}. */
  public Scored assess(List<SensorReading> readings, Function<SensorReading, String> contactOf, long now) {
    FirstRuns first = firstRuns(readings);
    ScoringSteps.Fused fused = steps.fold(first.features(), first.classifiers(), first.anomaly(), contactOf);
    Inferred fusion = models.run(ModelRoles.FUSION, fused.fusionRows(), fused.contacts().size());
    List<String> used = new ArrayList<>(first.used());
    used.add(fusion.modelId());
    return new Scored(fused, steps.assessments(first.features(), fused, fusion, used, now, now));
  }

  private FirstRuns firstRuns(List<SensorReading> readings) {
    ScoringSteps.Features features = steps.features(readings);
    Modality[] modalities = Modality.values();
    Inferred[] classifiers = new Inferred[modalities.length];
    List<String> used = new ArrayList<>();
    for (Modality m : modalities) {
      classifiers[m.ordinal()] = models.run(ScoringSteps.role(m), features.rows(m), features.count(m));
      if (classifiers[m.ordinal()] != null) {
        used.add(classifiers[m.ordinal()].modelId());
      }
    }
    Inferred anomaly = models.run(ModelRoles.ANOMALY, features.anomalyRows(), readings.size());
    used.add(anomaly.modelId());
    return new FirstRuns(features, classifiers, anomaly, used);
  }
}
