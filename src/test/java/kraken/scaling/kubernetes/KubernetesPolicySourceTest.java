package kraken.scaling.kubernetes;

import io.vertx.core.json.JsonObject;
import kraken.bus.ThreatLevel;
import kraken.config.Settings;
import kraken.scaling.policy.ThreatScalePolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A watched ThreatScalePolicy as the scaler's policy record, its signals and its namespaces")
class KubernetesPolicySourceTest {

  private static KubePolicy kubePolicy(int cpuPercent, int seasonSeconds) {
    return new KubePolicy("inference", "kraken", "workloads", "inference", 3, 40,
      new KubePolicy.ThreatScaling(3, 5, 20, 40), new KubePolicy.PerformanceScaling(500, 800, cpuPercent),
      new KubePolicy.Predictive(true, seasonSeconds), KubePolicy.DEFAULT_STABILIZATION_SECONDS, ThreatLevel.Benign,
      List.of());
  }

  @Test
  @DisplayName("targetCpu percent becomes a fraction, the CRD's 120 s window and the default horizon carry over, the "
    + "policy keeps its own namespace (its key)")
  void mapsTheMismatches() {
    ThreatScalePolicy policy = KubernetesPolicySource.toScalerPolicy(kubePolicy(70, 3600));
    assertThat(policy.key()).isEqualTo("kraken/inference");
    assertThat(policy.targetDeployment()).isEqualTo("inference");
    assertThat(policy.performanceScaling().targetCpu()).isEqualTo(0.7);
    assertThat(policy.performanceScaling().targetQueueDepth()).isZero();
    assertThat(policy.performanceScaling().targetP95LatencyMs()).isEqualTo(800);
    assertThat(policy.predictive().seasonalPeriodSeconds()).isEqualTo(3600);
    assertThat(policy.predictive().horizonSeconds()).isEqualTo(KubernetesPolicySource.DEFAULT_HORIZON_SECONDS);
    assertThat(policy.stabilizationWindowSeconds()).isEqualTo(120);
    assertThat(policy.threatScaling().replicasAt(ThreatLevel.ImmediateThreat)).isEqualTo(40);
  }

  @Test
  @DisplayName("a season shorter than the default horizon keeps the horizon below it; no season means a day")
  void horizonStaysBelowTheSeason() {
    assertThat(KubernetesPolicySource.toScalerPolicy(kubePolicy(0, 60)).predictive().horizonSeconds()).isEqualTo(59);
    assertThat(KubernetesPolicySource.toScalerPolicy(kubePolicy(0, 0)).predictive().seasonalPeriodSeconds())
      .isEqualTo(86_400);
  }

  @Test
  @DisplayName("every decision signal maps into the CRD's status enum")
  void signalsMapIntoTheCrdEnum() {
    List<String> decisionSignals = List.of("threat", "load:readings", "load:latency", "load:queue", "load:cpu",
      "forecast:readings", "forecast:threat", "floor", "ceiling", "stabilization");
    assertThat(decisionSignals).allSatisfy(signal ->
      assertThat(PolicyStatusReport.SIGNALS).contains(KubernetesPolicySource.crdSignal(signal)));
    assertThat(KubernetesPolicySource.crdSignal("load:latency")).isEqualTo("latency");
    assertThat(KubernetesPolicySource.crdSignal("forecast:threat")).isEqualTo("predictive");
    assertThatThrownBy(() -> new PolicyStatusReport(ThreatLevel.Benign, 1, 1, java.time.Instant.now(), 1, 1,
      KubernetesPolicySource.crdSignal("mystery"), List.of())).hasMessageContaining("expected one of");
  }

  @Test
  @DisplayName("namespaces: the setting's list, else the service account's namespace file, else all")
  void namespaces(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("namespace");
    assertThat(KubernetesPolicySource.namespaces(new JsonObject()
      .put(Settings.SCALING_KUBERNETES_NAMESPACES.key(), "a,b,a"), file)).containsExactly("a", "b");
    assertThat(KubernetesPolicySource.namespaces(new JsonObject(), file)).isEmpty();
    Files.writeString(file, "kraken\n");
    assertThat(KubernetesPolicySource.namespaces(new JsonObject(), file)).containsExactly("kraken");
  }
}
