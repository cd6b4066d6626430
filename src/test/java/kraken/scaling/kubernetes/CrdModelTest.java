package kraken.scaling.kubernetes;

import kraken.bus.ThreatLevel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static kraken.scaling.kubernetes.MockKubernetes.EXAMPLES;
import static kraken.scaling.kubernetes.MockKubernetes.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The CRD model classes read k8s/examples, and KubePolicy applies the ThreatResponse rule")
class CrdModelTest {

  @Test
  @DisplayName("the example ThreatScalePolicy parses field for field")
  void examplePolicyParses() throws IOException {
    ThreatScalePolicyResource policy = read(EXAMPLES.resolve("threatscalepolicy-inference.yaml"),
      ThreatScalePolicyResource.class);
    assertThat(policy.getApiVersion()).isEqualTo("kraken.dev/v1alpha1");
    assertThat(policy.getKind()).isEqualTo("ThreatScalePolicy");
    assertThat(policy.getMetadata().getName()).isEqualTo("inference");
    ThreatScalePolicySpec spec = policy.getSpec();
    assertThat(spec.targetDeployment).isEqualTo("kraken-inference");
    assertThat(List.of(spec.minReplicas, spec.maxReplicas)).containsExactly(2, 50);
    assertThat(List.of(spec.threatScaling.benign, spec.threatScaling.suspicious, spec.threatScaling.hostile,
      spec.threatScaling.immediate)).containsExactly(2, 5, 20, 50);
    assertThat(List.of(spec.performanceScaling.targetReadingsPerSecondPerReplica,
      spec.performanceScaling.targetP95LatencyMs, spec.performanceScaling.targetCpu)).containsExactly(50000, 50, 70);
    assertThat(spec.predictive.enabled).isTrue();
    assertThat(spec.predictive.seasonalPeriodSeconds).isEqualTo(86400);
    assertThat(spec.stabilizationWindowSeconds).isEqualTo(120);
  }

  @Test
  @DisplayName("the example ThreatResponses parse field for field")
  void exampleResponsesParse() throws IOException {
    ThreatResponseResource hostile = read(EXAMPLES.resolve("threatresponse-hostile.yaml"), ThreatResponseResource.class);
    ThreatResponseResource immediate = read(EXAMPLES.resolve("threatresponse-immediate.yaml"),
      ThreatResponseResource.class);
    assertThat(hostile.getKind()).isEqualTo("ThreatResponse");
    assertThat(hostile.getSpec().threatLevel).isEqualTo("HOSTILE");
    assertThat(hostile.getSpec().responseAction).isEqualTo("INTERCEPT");
    assertThat(hostile.getSpec().scales()).isTrue();
    assertThat(hostile.getSpec().policyRef).isEqualTo("inference");
    assertThat(hostile.getSpec().resourceLimits.maxReplicas).isEqualTo(20);
    assertThat(hostile.getSpec().resourceLimits.cpu).isEqualTo("2");
    assertThat(hostile.getSpec().resourceLimits.memory).isEqualTo("1Gi");
    assertThat(immediate.getSpec().threatLevel).isEqualTo("IMMEDIATE");
    assertThat(immediate.getSpec().resourceLimits.cpu).isEqualTo("2000m");
    assertThat(immediate.getSpec().resourceLimits.maxReplicas).isEqualTo(50);
  }

  @Test
  @DisplayName("without ThreatResponses the policy is as declared; the target namespace is the policy's own")
  void policyAsDeclared() throws IOException {
    KubePolicy policy = KubePolicy.of(example(), List.of());
    assertThat(policy.key()).isEqualTo("kraken/inference");
    assertThat(policy.targetNamespace()).isEqualTo("kraken");
    assertThat(policy.minReplicas()).isEqualTo(2);
    assertThat(policy.maxReplicas()).isEqualTo(50);
    assertThat(policy.threatFloor()).isEqualTo(ThreatLevel.Benign);
    assertThat(policy.threatScaling().replicasAt(ThreatLevel.Hostile)).isEqualTo(20);
    assertThat(policy.performanceScaling().targetCpuPercent()).isEqualTo(70);
    assertThat(policy.toJson().getJsonObject("spec").getInteger("minReplicas")).isEqualTo(2);
  }

  @Test
  @DisplayName("a HOSTILE response raises the floor to threatScaling.hostile and caps the ceiling at its limit")
  void hostileResponseRaisesTheFloor() throws IOException {
    KubePolicy policy = KubePolicy.of(example(), List.of(response("threatresponse-hostile.yaml")));
    assertThat(policy.threatFloor()).isEqualTo(ThreatLevel.Hostile);
    assertThat(policy.threatFloorFrom()).containsExactly("hostile-intercept");
    assertThat(policy.minReplicas()).isEqualTo(20);
    assertThat(policy.maxReplicas()).isEqualTo(20);
  }

  @Test
  @DisplayName("the highest level wins: with HOSTILE and IMMEDIATE responses the floor is IMMEDIATE's 50")
  void highestResponseWins() throws IOException {
    KubePolicy policy = KubePolicy.of(example(), List.of(response("threatresponse-hostile.yaml"),
      response("threatresponse-immediate.yaml")));
    assertThat(policy.threatFloor()).isEqualTo(ThreatLevel.ImmediateThreat);
    assertThat(policy.minReplicas()).isEqualTo(50);
    assertThat(policy.maxReplicas()).isEqualTo(50);
  }

  @Test
  @DisplayName("autoScale false, another policyRef or another namespace leave the policy alone")
  void responsesThatDoNotApply() throws IOException {
    ThreatResponseResource off = response("threatresponse-immediate.yaml");
    off.getSpec().autoScale = false;
    ThreatResponseResource otherPolicy = response("threatresponse-immediate.yaml");
    otherPolicy.getSpec().policyRef = "tactical";
    ThreatResponseResource otherNamespace = response("threatresponse-immediate.yaml");
    otherNamespace.getMetadata().setNamespace("elsewhere");
    KubePolicy policy = KubePolicy.of(example(), List.of(off, otherPolicy, otherNamespace));
    assertThat(policy.threatFloor()).isEqualTo(ThreatLevel.Benign);
    assertThat(policy.minReplicas()).isEqualTo(2);
    assertThat(policy.maxReplicas()).isEqualTo(50);
  }

  @Test
  @DisplayName("a policy with minReplicas above maxReplicas, or without threatScaling, is refused by name")
  void invalidPolicyRefused() throws IOException {
    ThreatScalePolicyResource inverted = example();
    inverted.getSpec().minReplicas = 60;
    assertThatThrownBy(() -> KubePolicy.of(inverted, List.of())).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("ThreatScalePolicy kraken/inference: spec.minReplicas 60 exceeds spec.maxReplicas 50: expected "
        + "minReplicas <= maxReplicas");
    ThreatScalePolicyResource noThreat = example();
    noThreat.getSpec().threatScaling = null;
    assertThatThrownBy(() -> KubePolicy.of(noThreat, List.of()))
      .hasMessage("ThreatScalePolicy kraken/inference: spec.threatScaling is missing");
    ThreatResponseResource bad = response("threatresponse-hostile.yaml");
    bad.getSpec().threatLevel = "HOSTLE";
    assertThatThrownBy(() -> KubePolicy.of(example(), List.of(bad)))
      .hasMessage("ThreatResponse kraken/hostile-intercept spec.threatLevel 'HOSTLE': expected BENIGN, SUSPICIOUS, "
        + "HOSTILE or IMMEDIATE");
  }

  @Test
  @DisplayName("a status signal the CRD does not allow is refused, naming the allowed ones")
  void statusSignalChecked() {
    assertThatThrownBy(() -> new PolicyStatusReport(ThreatLevel.Benign, 1, 1, java.time.Instant.EPOCH, 1, 1, "mood",
      List.of())).hasMessageContaining("status.lastDecision.signal 'mood'").hasMessageContaining("threat");
  }

  private static ThreatScalePolicyResource example() throws IOException {
    ThreatScalePolicyResource policy = read(EXAMPLES.resolve("threatscalepolicy-inference.yaml"),
      ThreatScalePolicyResource.class);
    policy.getMetadata().setNamespace("kraken");
    return policy;
  }

  private static ThreatResponseResource response(String file) throws IOException {
    ThreatResponseResource response = read(EXAMPLES.resolve(file), ThreatResponseResource.class);
    response.getMetadata().setNamespace("kraken");
    return response;
  }
}
