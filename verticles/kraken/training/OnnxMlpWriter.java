package kraken.training;

import ai.onnx.proto.OnnxMl;
import kraken.inference.ModelCard;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an ensemble of {@link Mlp}s as one ONNX model: input {@code features [N, d]}, each member
 * {@code Sub(mean) -> Mul(scale) -> Gemm -> Relu ... -> Gemm -> Softmax}, side by side in
 * {@code probabilities [N, members * classes]} (member-major), with the {@link ModelCard} in the metadata.
 */
public final class OnnxMlpWriter {

  /** ONNX's ReLU; tribuo-util-onnx's operator set has Gemm and Softmax but no ReLU. */
  private enum Relu implements ONNXOperator {
    RELU;

    public String getOpName() {
      return "Relu";
    }

    public int getNumInputs() {
      return 1;
    }

    public int getNumOptionalInputs() {
      return 0;
    }

    public int getNumOutputs() {
      return 1;
    }

    public Map<String, ONNXAttribute> getAttributes() {
      return Map.of();
    }

    public Set<String> getMandatoryAttributeNames() {
      return Set.of();
    }

    public int getOpVersion() {
      return ONNXOperators.getOpsetVersion();
    }

    public String getOpDomain() {
      return ONNXOperators.GEMM.getOpDomain();
    }
  }

  private OnnxMlpWriter() {
  }

  public static byte[] write(List<Mlp> members, ModelCard card) {
    if (members.isEmpty() || members.size() != card.members()) {
      throw new IllegalArgumentException(members.size() + " members given, the card says " + card.members());
    }
    Mlp first = members.get(0);
    if (first.inputs() != card.features().size() || first.classes() != card.classes().size()) {
      throw new IllegalArgumentException("the card names " + card.features().size() + " features and "
        + card.classes().size() + " classes, the network takes " + first.inputs() + " and gives " + first.classes());
    }
    ONNXContext context = new ONNXContext();
    context.setName(card.name());
    ONNXPlaceholder input = context.floatInput(ModelCard.INPUT, first.inputs());
    List<ONNXRef<?>> memberOutputs = new ArrayList<>();
    for (int m = 0; m < members.size(); m++) {
      memberOutputs.add(member(context, input, members.get(m), "m" + m + "_"));
    }
    ONNXPlaceholder output = context.floatOutput(ModelCard.OUTPUT, first.classes() * members.size());
    context.operation(ONNXOperators.CONCAT, memberOutputs, "members", Map.of("axis", 1)).assignTo(output);
    OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
      .setGraph(context.buildGraph())
      .setIrVersion(7)
      .setProducerName("kraken train")
      .setDomain("dev.kraken")
      .setDocString("KRAKEN " + card.name() + " " + card.version())
      .addOpsetImport(ONNXOperators.getOpsetProto());
    card.properties().forEach((k, v) -> model.addMetadataProps(
      OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build().toByteArray();
  }

  private static ONNXNode member(ONNXContext context, ONNXPlaceholder input, Mlp mlp, String prefix) {
    ONNXRef<?> x = input
      .apply(ONNXOperators.SUB, context.array(prefix + "mean", mlp.mean()))
      .apply(ONNXOperators.MUL, context.array(prefix + "scale", mlp.scale()));
    List<Integer> sizes = mlp.sizes();
    for (int l = 0; l < mlp.layers(); l++) {
      float[] w = mlp.weights(l);
      ONNXInitializer weights = context.floatTensor(prefix + "w" + l, List.of(sizes.get(l), sizes.get(l + 1)),
        buffer -> buffer.put(w));
      ONNXInitializer bias = context.array(prefix + "b" + l, mlp.biases(l));
      ONNXNode dense = x.apply(ONNXOperators.GEMM, List.of(weights, bias));
      x = l < mlp.layers() - 1 ? dense.apply(Relu.RELU) : dense;
    }
    return x.apply(ONNXOperators.SOFTMAX, Map.of("axis", 1));
  }
}
