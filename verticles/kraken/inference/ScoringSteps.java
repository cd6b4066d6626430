package kraken.inference;

import kraken.bus.ContactUpdate;
import kraken.bus.PayloadFormat;
import kraken.bus.SensorKind;
import kraken.bus.SensorReading;
import kraken.bus.SensorType;
import kraken.bus.ThreatAssessment;
import kraken.bus.ThreatLevel;
import kraken.inference.features.AnomalyFeatures;
import kraken.inference.features.FeatureExtractor;
import kraken.inference.features.Modality;
import kraken.inference.features.SonarFeatures;
import kraken.inference.fusion.ContactEvidence;
import kraken.inference.fusion.EvidenceMemory;
import kraken.inference.fusion.FusionFeatures;
import kraken.simulation.VesselClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The steps of scoring with models, each synchronous and free of Vert.x, so that the served path
 * ({@link ModelScorer}), the quality test, the benchmark and the making of fusion training rows run the same code:
 * <ol>
 *   <li>{@link #features}: per reading, its modality's features and the anomaly detector's features;</li>
 *   <li>{@link #fold}: the modality models' class probabilities and the anomaly detector's verdicts folded into each
 *   contact's {@link ContactEvidence} (flagged readings add no class evidence), and one fusion row per contact;</li>
 *   <li>{@link #assessments}: the fusion model's threat-level probabilities turned into assessments with confidence,
 *   uncertainty, evidence, time to threat and the versions of the models that made them.</li>
 * </ol>
 * Thread-safe: extractors are per thread, the evidence memory serialises its updates.
 */
public final class ScoringSteps {

  /** The anomaly detector's class for a poisoned reading. */
  public static final String ANOMALOUS = "Anomalous";
  /** The vessel classes every classifier's output is mapped onto, by name. */
  public static final List<String> CLASSES = Arrays.stream(VesselClass.values()).map(Enum::name).toList();
  public static final List<String> MODALITIES = Arrays.stream(Modality.values()).map(Enum::name).toList();

  private static final int MODALITY_COUNT = Modality.values().length;
  private static final FusionFeatures FUSION_FEATURES = new FusionFeatures(CLASSES, MODALITIES);

  private final EvidenceMemory memory;
  private final ThreadLocal<Extractors> extractors = ThreadLocal.withInitial(Extractors::new);

  public ScoringSteps(int maxContacts) {
    this.memory = new EvidenceMemory(MODALITY_COUNT, CLASSES.size(), maxContacts);
  }

  /** The fusion model's input names, in order: what {@code kraken train} must have been given. */
  public static List<String> fusionFeatureNames() {
    return FUSION_FEATURES.names();
  }

  /**
   * What a model of a role must be for these steps to use it, or null when it is: the role's feature names in
   * order (an input built from other features would be silently misread), classes this code knows.
   */
  public static String contractProblem(ModelCard card) {
    Extractors x = new Extractors();
    for (Modality m : Modality.values()) {
      if (card.name().equals(role(m))) {
        return !card.features().equals(x.byModality[m.ordinal()].names())
          ? "its features are not the " + role(m) + " features this node extracts"
          : !CLASSES.containsAll(card.classes()) ? "its classes " + card.classes() + " are not all in " + CLASSES : null;
      }
    }
    return switch (card.name()) {
      case ModelRoles.ANOMALY -> !card.features().equals(x.anomaly.names())
        ? "its features are not the anomaly features this node extracts"
        : !card.classes().contains(ANOMALOUS) ? "it has no class " + ANOMALOUS : null;
      case ModelRoles.FUSION -> !card.features().equals(fusionFeatureNames())
        ? "its features are not the fusion features " + fusionFeatureNames()
        : !card.classes().stream().allMatch(c -> java.util.Arrays.stream(ThreatLevel.values())
          .anyMatch(l -> l.name().equals(c))) ? "its classes " + card.classes() + " are not threat levels" : null;
      default -> "no role " + card.name() + ": expected one of " + ModelRoles.ALL;
    };
  }

  /** The model role that classifies readings of a modality. */
  public static String role(Modality modality) {
    return modality.name().toLowerCase(Locale.ROOT);
  }

  /** Feature extractors for one thread: they keep scratch buffers. */
  private static final class Extractors {
    final FeatureExtractor[] byModality = Arrays.stream(Modality.values()).map(Modality::extractor)
      .toArray(FeatureExtractor[]::new);
    final AnomalyFeatures anomaly = new AnomalyFeatures();
  }

  /** Step 1's result: each reading's modality and row, the rows per modality, and the anomaly rows. */
  public record Features(List<SensorReading> readings, int[] modality, int[] row, float[][] rowsByModality,
                         int[] countByModality, float[] anomalyRows, int sonarDopplerColumn, int sonarWidth) {

    public float[] rows(Modality m) {
      return rowsByModality[m.ordinal()];
    }

    public int count(Modality m) {
      return countByModality[m.ordinal()];
    }
  }

  public Features features(List<SensorReading> readings) {
    Features features = layout(readings);
    extract(features, 0, readings.size());
    return features;
  }

  /** Step 1a, cheap: each reading's modality and row, and room for every row; {@link #extract} fills it. */
  public Features layout(List<SensorReading> readings) {
    Extractors x = extractors.get();
    int n = readings.size();
    int[] modality = new int[n];
    int[] row = new int[n];
    int[] counts = new int[MODALITY_COUNT];
    for (int i = 0; i < n; i++) {
      int m = Modality.of(SensorKind.of(readings.get(i).sensorType())).ordinal();
      modality[i] = m;
      row[i] = counts[m]++;
    }
    float[][] rows = new float[MODALITY_COUNT][];
    for (int m = 0; m < MODALITY_COUNT; m++) {
      rows[m] = new float[counts[m] * x.byModality[m].width()];
    }
    FeatureExtractor sonar = x.byModality[Modality.SONAR.ordinal()];
    return new Features(readings, modality, row, rows, counts, new float[n * x.anomaly.width()],
      sonar.names().indexOf("doppler"), sonar.width());
  }

  /**
   * Step 1b: the features of readings {@code from} to {@code to} (exclusive). Ranges that do not overlap may be
   * extracted on different threads at once: each writes only its own readings' rows.
   */
  public void extract(Features features, int from, int to) {
    Extractors x = extractors.get();
    int anomalyWidth = x.anomaly.width();
    for (int i = from; i < to; i++) {
      SensorReading reading = features.readings().get(i);
      int m = features.modality()[i];
      FeatureExtractor extractor = x.byModality[m];
      float[] rows = features.rowsByModality()[m];
      int at = features.row()[i] * extractor.width();
      extractor.extract(reading, rows, at);
      if (extractor instanceof SonarFeatures sonar) {
        // the sonar extractor still holds this reading's spectrum: the detector reuses it instead of a second FFT
        x.anomaly.extract(reading, features.anomalyRows(), i * anomalyWidth, sonar, rows, at);
      } else {
        x.anomaly.extract(reading, features.anomalyRows(), i * anomalyWidth);
      }
    }
  }

  /** What one contact's evidence looked like after this batch, and which readings of the batch were its. */
  public record ContactState(String contactId, List<Integer> readings, double[] posterior, double[] modalityWeights,
                             List<String> flaggedReadingIds, double rangeM, double closingMps, Long timeToThreatMs) {
  }

  /** Step 2's result: the contacts in batch order and their fusion rows, one after another. */
  public record Fused(List<ContactState> contacts, float[] fusionRows) {
  }

  /**
   * Folds the models' outputs into each contact's evidence. {@code classifiers} holds, per modality (by ordinal),
   * the outputs for that modality's rows (null when the batch had none); {@code anomaly} one row per reading.
   */
  public Fused fold(Features features, Inferred[] classifiers, Inferred anomaly) {
    return fold(features, classifiers, anomaly, ContactKeys::contactOf);
  }

  /**
   * As {@link #fold(Features, Inferred[], Inferred)}, with readings grouped into contacts by {@code contactOf}
   * (training uses the true vessel as well, as cross-sensor association will group them).
   */
  public Fused fold(Features features, Inferred[] classifiers, Inferred anomaly,
                    Function<SensorReading, String> contactOf) {
    List<SensorReading> readings = features.readings();
    boolean[] flagged = flagged(anomaly, readings.size());
    Map<String, List<Integer>> byContact = new LinkedHashMap<>();
    for (int i = 0; i < readings.size(); i++) {
      byContact.computeIfAbsent(contactOf.apply(readings.get(i)), k -> new ArrayList<>()).add(i);
    }
    int width = FUSION_FEATURES.width();
    float[] fusionRows = new float[byContact.size() * width];
    List<ContactState> contacts = new ArrayList<>(byContact.size());
    float[] canonical = new float[CLASSES.size()];
    int[][] classIndex = new int[classifiers.length][];
    for (int m = 0; m < classifiers.length; m++) {
      classIndex[m] = classifiers[m] == null ? null
        : classifiers[m].card().classes().stream().mapToInt(CLASSES::indexOf).toArray();
    }
    byContact.forEach((contactId, indexes) -> {
      int slot = contacts.size();
      indexes.sort((a, b) -> Long.compare(readings.get(a).timestamp(), readings.get(b).timestamp()));
      List<String> flaggedIds = new ArrayList<>();
      ContactState[] state = new ContactState[1];
      memory.update(contactId, evidence -> {
        for (int i : indexes) {
          SensorReading reading = readings.get(i);
          if (!evidence.firstSight(ContactUpdate.readingKey(reading.sensorId(), reading.id()))) {
            continue;
          }
          if (flagged[i]) {
            evidence.addAnomalous(reading.timestamp());
            flaggedIds.add(reading.id());
            continue;
          }
          int m = features.modality()[i];
          meanProbabilities(classifiers[m], classIndex[m], features.row()[i], canonical);
          evidence.addClassEvidence(features.modality()[i], canonical, reading.timestamp());
          addKinematics(evidence, features, i);
        }
        FUSION_FEATURES.extract(evidence, fusionRows, slot * width);
        state[0] = new ContactState(contactId, indexes, evidence.classPosterior(), evidence.modalityWeights(),
          flaggedIds, evidence.rangeM(), evidence.closingMps(), evidence.timeToThreatMs());
      });
      contacts.add(state[0]);
    });
    return new Fused(contacts, fusionRows);
  }

  /** Range from an echo's round trip; closing speed from its doppler shift (positive when closing). */
  private static void addKinematics(ContactEvidence evidence, Features features, int i) {
    SensorReading reading = features.readings().get(i);
    if (reading.sensorType() instanceof SensorType.SonarActive echo) {
      evidence.addRange(echo.returnTimeMs() / 1000.0 * PayloadFormat.SOUND_SPEED_MPS / 2, reading.timestamp());
      // A doppler only from a whole echo: a short or empty payload reads as 0 shift and would fake "not closing".
      if (features.sonarDopplerColumn() >= 0 && reading.payload().length == PayloadFormat.SONAR_BYTES) {
        float shift = features.rows(Modality.SONAR)[features.row()[i] * features.sonarWidth()
          + features.sonarDopplerColumn()];
        evidence.addClosingSpeed(SonarFeatures.closingSpeedMps(shift),
          reading.timestamp());
      }
    }
  }

  /** Which readings the anomaly detector flags: P(Anomalous), averaged over its members, above its threshold. */
  private static boolean[] flagged(Inferred anomaly, int readings) {
    boolean[] flagged = new boolean[readings];
    if (anomaly == null) {
      return flagged;
    }
    ModelCard card = anomaly.card();
    int classes = card.classes().size();
    int column = card.classes().indexOf(ANOMALOUS);
    if (column < 0) {
      throw new IllegalStateException("anomaly model " + card.version() + " has no class " + ANOMALOUS + ": "
        + card.classes());
    }
    double threshold = card.decisionThreshold() == null ? 0.5 : card.decisionThreshold();
    for (int i = 0; i < readings; i++) {
      double p = 0;
      for (int m = 0; m < card.members(); m++) {
        p += anomaly.outputs()[i * anomaly.width() + m * classes + column];
      }
      flagged[i] = p / card.members() >= threshold;
    }
    return flagged;
  }

  /** One row's class probabilities, averaged over the ensemble members, in {@link #CLASSES} order. */
  private static void meanProbabilities(Inferred out, int[] index, int row, float[] canonical) {
    ModelCard card = out.card();
    Arrays.fill(canonical, 0);
    int classes = card.classes().size();
    int base = row * out.width();
    for (int m = 0; m < card.members(); m++) {
      for (int c = 0; c < classes; c++) {
        if (index[c] >= 0) {
          canonical[index[c]] += out.outputs()[base + m * classes + c] / card.members();
        }
      }
    }
  }

  /**
   * Step 3: one update per contact from the fusion model's output. Confidence is the ensemble-mean probability of
   * the chosen level; uncertainty the normalised entropy of that mean (0 = certain, 1 = no idea), which grows both
   * when the members are unsure and when they disagree; the members' spread on the chosen level is in the evidence.
   */
  public List<ContactUpdate> assessments(Features features, Fused fused, Inferred fusion, List<String> models,
                                         long receivedAt, long now) {
    ModelCard card = fusion.card();
    int levels = card.classes().size();
    List<ContactUpdate> updates = new ArrayList<>(fused.contacts().size());
    for (int k = 0; k < fused.contacts().size(); k++) {
      ContactState contact = fused.contacts().get(k);
      double[] mean = new double[levels];
      for (int m = 0; m < card.members(); m++) {
        for (int c = 0; c < levels; c++) {
          mean[c] += fusion.outputs()[k * fusion.width() + m * levels + c] / card.members();
        }
      }
      int best = argmax(mean);
      double spread = spread(fusion, k, best, levels);
      ThreatLevel level = ThreatLevel.valueOf(card.classes().get(best));
      double confidence = Math.min(1, Math.max(0, mean[best]));
      Long timeToThreat = contact.timeToThreatMs();
      ThreatAssessment assessment = new ThreatAssessment(contact.contactId(), level, confidence,
        normalisedEntropy(mean), Doctrine.action(level, timeToThreat), timeToThreat,
        evidence(features, contact, level, confidence, spread), models, false, null, now);
      List<SensorReading> readings = contact.readings().stream().map(features.readings()::get).toList();
      updates.add(ContactFusion.update(assessment, readings, receivedAt));
    }
    return updates;
  }

  private static double spread(Inferred fusion, int row, int level, int levels) {
    int members = fusion.card().members();
    if (members < 2) {
      return 0;
    }
    double sum = 0;
    double squares = 0;
    for (int m = 0; m < members; m++) {
      double p = fusion.outputs()[row * fusion.width() + m * levels + level];
      sum += p;
      squares += p * p;
    }
    double mean = sum / members;
    return Math.sqrt(Math.max(0, squares / members - mean * mean));
  }

  static double normalisedEntropy(double[] p) {
    double h = 0;
    for (double v : p) {
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return Math.min(1, Math.max(0, h / Math.log(p.length)));
  }

  private static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static List<String> evidence(Features features, ContactState contact, ThreatLevel level, double confidence,
                                       double spread) {
    List<String> lines = new ArrayList<>(ContactFusion.MAX_EVIDENCE);
    int likely = argmax(contact.posterior());
    lines.add("fusion: " + level + " at p " + RuleBasedScorer.fixed(confidence, 2) + " (ensemble spread "
      + RuleBasedScorer.fixed(spread, 2) + ")");
    String sources = sources(contact.modalityWeights());
    lines.add(sources == null ? "class: unknown, no class evidence yet"
      : "class: " + CLASSES.get(likely) + " at p " + RuleBasedScorer.fixed(contact.posterior()[likely], 2)
      + runnerUp(contact.posterior(), likely) + ", from " + sources);
    if (!Double.isNaN(contact.rangeM())) {
      lines.add("kinematics: range " + RuleBasedScorer.fixed(contact.rangeM(), 0) + " m"
        + (Double.isNaN(contact.closingMps()) ? ", closing speed unknown"
        : contact.closingMps() >= FusionFeatures.MIN_CLOSING_MPS
        ? ", closing at " + RuleBasedScorer.fixed(contact.closingMps(), 1) + " m/s"
        : ", not closing (" + RuleBasedScorer.fixed(contact.closingMps(), 1) + " m/s)"));
    }
    if (!contact.flaggedReadingIds().isEmpty()) {
      lines.add("anomaly detector flagged " + contact.flaggedReadingIds().size() + " of " + contact.readings().size()
        + " readings (" + String.join(", ", contact.flaggedReadingIds().subList(0,
        Math.min(3, contact.flaggedReadingIds().size()))) + "): left out of the class evidence");
    }
    return lines.subList(0, Math.min(ContactFusion.MAX_EVIDENCE, lines.size()));
  }

  private static String runnerUp(double[] posterior, int best) {
    int second = best == 0 ? 1 : 0;
    for (int c = 0; c < posterior.length; c++) {
      if (c != best && posterior[c] > posterior[second]) {
        second = c;
      }
    }
    return " (next " + CLASSES.get(second) + " " + RuleBasedScorer.fixed(posterior[second], 2) + ")";
  }

  /** Which modalities gave class evidence lately, with their decayed reading counts; null when none did. */
  private static String sources(double[] weights) {
    List<String> parts = new ArrayList<>();
    for (int m = 0; m < weights.length; m++) {
      if (weights[m] >= 0.05) {
        parts.add(MODALITIES.get(m).toLowerCase(Locale.ROOT) + " " + RuleBasedScorer.fixed(weights[m], 1));
      }
    }
    return parts.isEmpty() ? null : "recent readings: " + String.join(", ", parts);
  }
}
