package kraken.inference.fusion;

import java.util.ArrayList;
import java.util.List;

/**
 * The fusion model's input for one contact, built from its {@link ContactEvidence}: the class posterior from all
 * modalities, how much evidence each modality gave, the kinematics (range, closing speed, each with a flag saying
 * whether it is known) and the share of flagged readings. The same code builds training rows and serving rows.
 */
public final class FusionFeatures {

  /** Below this closing speed (m/s) a contact is treated as not closing: no time to threat. */
  public static final double MIN_CLOSING_MPS = 0.5;
  /** Ranges beyond this (km) look alike to the doctrine; the feature is capped so outliers do not dominate. */
  static final double MAX_RANGE_KM = 60;
  static final double MAX_CLOSING_MPS = 40;

  private final List<String> names;

  public FusionFeatures(List<String> classes, List<String> modalities) {
    List<String> names = new ArrayList<>();
    classes.forEach(c -> names.add("p_" + c));
    modalities.forEach(m -> names.add("evidence_" + m.toLowerCase(java.util.Locale.ROOT)));
    names.addAll(List.of("range_known", "range_km", "closing_known", "closing_mps", "anomalous_share"));
    this.names = List.copyOf(names);
  }

  public List<String> names() {
    return names;
  }

  public int width() {
    return names.size();
  }

  /** Writes the contact's row into {@code out} at {@code offset}. */
  public void extract(ContactEvidence evidence, float[] out, int offset) {
    int i = offset;
    for (double p : evidence.classPosterior()) {
      out[i++] = (float) p;
    }
    for (double w : evidence.modalityWeights()) {
      out[i++] = (float) Math.log1p(w);
    }
    double range = evidence.rangeM();
    out[i++] = Double.isNaN(range) ? 0 : 1;
    out[i++] = Double.isNaN(range) ? 0 : (float) Math.min(MAX_RANGE_KM, range / 1000);
    double closing = evidence.closingMps();
    out[i++] = Double.isNaN(closing) ? 0 : 1;
    out[i++] = Double.isNaN(closing) ? 0 : (float) Math.max(-MAX_CLOSING_MPS, Math.min(MAX_CLOSING_MPS, closing));
    out[i] = (float) evidence.anomalousShare();
  }
}
