package kraken.inference;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a KRAKEN model file says about itself, kept in the ONNX file's metadata so the file is self-describing:
 * the role it serves ({@code sonar}, {@code fusion}, ...), its version, its class labels in output order, the
 * feature names in input order, how many ensemble members its output holds, the fingerprint of the data it was
 * trained on, its measured metrics (JSON), and for a detector the probability above which a row is flagged.
 *
 * <p>Every KRAKEN model takes input {@value #INPUT} {@code [rows, features]} (float) and gives output
 * {@value #OUTPUT} {@code [rows, members * classes]}: each member's softmax, member after member.
 */
public record ModelCard(String name, String version, List<String> classes, List<String> features, int members,
                        String dataFingerprint, String metricsJson, Double decisionThreshold) {

  public static final String INPUT = "features";
  public static final String OUTPUT = "probabilities";
  private static final String PREFIX = "kraken.";

  public ModelCard {
    classes = List.copyOf(classes);
    features = List.copyOf(features);
    if (members < 1) {
      throw new IllegalArgumentException("a model has at least one ensemble member, not " + members);
    }
  }

  /**
   * How logs and assessments name this version, e.g. {@code sonar-ab12cd}: the version itself when it already
   * starts with the role (as {@code kraken train} writes them), else role and version.
   */
  public String id() {
    return version.startsWith(name + "-") ? version : name + "-" + version;
  }

  /** The metadata entries to write into the ONNX file. */
  public Map<String, String> properties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(PREFIX + "name", name);
    props.put(PREFIX + "version", version);
    props.put(PREFIX + "classes", String.join(",", classes));
    props.put(PREFIX + "features", String.join(",", features));
    props.put(PREFIX + "members", Integer.toString(members));
    props.put(PREFIX + "dataFingerprint", dataFingerprint == null ? "" : dataFingerprint);
    props.put(PREFIX + "metrics", metricsJson == null ? "{}" : metricsJson);
    if (decisionThreshold != null) {
      props.put(PREFIX + "decisionThreshold", Double.toString(decisionThreshold));
    }
    return props;
  }

  /** Reads the card of an ONNX file written by KRAKEN; names what is missing when the file is not one. */
  public static ModelCard of(byte[] onnx) {
    OnnxMl.ModelProto model;
    try {
      model = OnnxMl.ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model file: " + e.getMessage(), e);
    }
    Map<String, String> props = new LinkedHashMap<>();
    model.getMetadataPropsList().forEach(p -> props.put(p.getKey(), p.getValue()));
    String threshold = props.get(PREFIX + "decisionThreshold");
    return new ModelCard(required(props, "name"), required(props, "version"), list(required(props, "classes")),
      list(required(props, "features")), Integer.parseInt(required(props, "members")),
      props.getOrDefault(PREFIX + "dataFingerprint", ""), props.getOrDefault(PREFIX + "metrics", "{}"),
      threshold == null ? null : Double.valueOf(threshold));
  }

  private static String required(Map<String, String> props, String key) {
    String value = props.get(PREFIX + key);
    if (value == null) {
      throw new IllegalArgumentException("the ONNX file has no '" + PREFIX + key
        + "' metadata: it was not written by kraken train");
    }
    return value;
  }

  private static List<String> list(String joined) {
    return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }
}
