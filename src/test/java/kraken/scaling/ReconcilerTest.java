package kraken.scaling;

import io.vertx.core.json.JsonObject;
import kraken.bus.ScalingDecision;
import kraken.bus.ThreatLevel;
import kraken.scaling.policy.LocalPolicySource;
import kraken.scaling.policy.ThreatScalePolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The reconciler takes the strongest signal, clamps it, scales up at once and down only after its window")
class ReconcilerTest {

  /** min 1, max 8, floors 1/2/4/6, 100 readings/s per replica, p95 target 200 ms, window 60 s, no forecast. */
  static ThreatScalePolicy policy(int windowSeconds) {
    return ThreatScalePolicy.fromJson(new JsonObject("""
      {"metadata": {"name": "sonar-pipeline", "namespace": "fleet"},
       "spec": {"targetDeployment": "kraken-inference", "minReplicas": 1, "maxReplicas": 8,
                "threatScaling": {"benign": 1, "suspicious": 2, "hostile": 4, "immediate": 6},
                "performanceScaling": {"targetReadingsPerSecondPerReplica": 100, "targetP95LatencyMs": 200},
                "stabilizationWindowSeconds": %d}}""".formatted(windowSeconds)));
  }

  static Observation seen(long atMs, ThreatLevel level, double readingsPerSecond, double p95) {
    return new Observation(atMs, level, readingsPerSecond, 0, p95, 0.1, 1, atMs);
  }

  @Test
  @DisplayName("the picture's highest threat level sets a floor, and the decision names the threat signal")
  void threatFloor() {
    Reconciler reconciler = new Reconciler(policy(60));
    ScalingDecision hostile = reconciler.decide(seen(0, ThreatLevel.Hostile, 50, 10), 1, "n");
    assertThat(hostile.desiredReplicas()).isEqualTo(4);
    assertThat(hostile.signal()).isEqualTo("threat");
    assertThat(hostile.reasons()).contains("threat: highest level Hostile asks for 4");
    assertThat(hostile.inputs().getString("highestThreat")).isEqualTo("Hostile");
    assertThat(reconciler.decide(seen(1000, ThreatLevel.ImmediateThreat, 50, 10), 4, "n").desiredReplicas())
      .isEqualTo(6);
  }

  @Test
  @DisplayName("readings per second over the per-replica target, and p95 latency by the HPA's ratio, each name their signal")
  void loadSignals() {
    Reconciler reconciler = new Reconciler(policy(60));
    ScalingDecision readings = reconciler.decide(seen(0, ThreatLevel.Benign, 350, 10), 1, "n");
    assertThat(readings.desiredReplicas()).isEqualTo(4);
    assertThat(readings.signal()).isEqualTo("load:readings");
    assertThat(readings.reasons()).contains("load:readings: 350 readings/s at 100 per replica asks for 4");
    ScalingDecision latency = reconciler.decide(seen(1000, ThreatLevel.Benign, 350, 300), 4, "n");
    assertThat(latency.desiredReplicas()).as("4 replicas * 300 ms / 200 ms").isEqualTo(6);
    assertThat(latency.signal()).isEqualTo("load:latency");
    ScalingDecision tolerated = new Reconciler(policy(60)).decide(seen(0, ThreatLevel.Benign, 205, 210), 2, "n");
    assertThat(tolerated.desiredReplicas()).as("within 10 % of the targets nothing moves").isEqualTo(2);
  }

  @Test
  @DisplayName("never below minReplicas nor above maxReplicas, and the clamp is named")
  void clamps() {
    ScalingDecision idle = new Reconciler(policy(0)).decide(seen(0, ThreatLevel.Benign, 0, 0), 3, "n");
    assertThat(idle.desiredReplicas()).isEqualTo(1);
    assertThat(idle.signal()).isEqualTo("floor");
    ThreatScalePolicy floorTwo = ThreatScalePolicy.fromJson(policy(0).toJson().put("spec",
      policy(0).toJson().getJsonObject("spec").put("minReplicas", 2)));
    ScalingDecision floor = new Reconciler(floorTwo).decide(seen(0, ThreatLevel.Benign, 0, 0), 2, "n");
    assertThat(floor.desiredReplicas()).isEqualTo(2);
    assertThat(floor.signal()).isEqualTo("floor");
    ScalingDecision flood = new Reconciler(policy(0)).decide(seen(0, ThreatLevel.Benign, 5000, 0), 1, "n");
    assertThat(flood.desiredReplicas()).isEqualTo(8);
    assertThat(flood.signal()).isEqualTo("ceiling");
    assertThat(flood.reasons()).contains("ceiling: 50 capped at maxReplicas 8");
  }

  @Test
  @DisplayName("a scale-down waits for the window: the highest count desired in the last 60 s holds, then it drops")
  void scaleDownAfterTheWindow() {
    Reconciler reconciler = new Reconciler(policy(60));
    int current = reconciler.decide(seen(0, ThreatLevel.Benign, 400, 10), 1, "n").desiredReplicas();
    assertThat(current).isEqualTo(4);
    ScalingDecision held = reconciler.decide(seen(30_000, ThreatLevel.Benign, 50, 10), current, "n");
    assertThat(held.recommendedReplicas()).isEqualTo(1);
    assertThat(held.desiredReplicas()).isEqualTo(4);
    assertThat(held.signal()).isEqualTo("stabilization");
    assertThat(held.scales()).isFalse();
    ScalingDecision dropped = reconciler.decide(seen(61_000, ThreatLevel.Benign, 50, 10), current, "n");
    assertThat(dropped.desiredReplicas()).isEqualTo(1);
    assertThat(dropped.scales()).isTrue();
  }

  @Test
  @DisplayName("a new reconciler (new or changed policy) holds the count it finds running for a full window before "
    + "scaling down")
  void newReconcilerHoldsTheCurrentCount() {
    Reconciler fresh = new Reconciler(policy(60));
    ScalingDecision first = fresh.decide(seen(100_000, ThreatLevel.Benign, 50, 10), 4, "n");
    assertThat(first.recommendedReplicas()).isEqualTo(1);
    assertThat(first.desiredReplicas()).as("the 4 running were desired by whoever decided last").isEqualTo(4);
    assertThat(first.signal()).isEqualTo("stabilization");
    assertThat(first.scales()).isFalse();
    assertThat(fresh.decide(seen(159_000, ThreatLevel.Benign, 50, 10), 4, "n").desiredReplicas()).isEqualTo(4);
    assertThat(fresh.decide(seen(161_000, ThreatLevel.Benign, 50, 10), 4, "n").desiredReplicas())
      .as("a full window after the seed").isEqualTo(1);
    assertThat(new Reconciler(policy(60)).decide(seen(0, ThreatLevel.Hostile, 50, 10), 2, "n").desiredReplicas())
      .as("the seed never holds a scale-up back").isEqualTo(4);
  }

  @Test
  @DisplayName("a scaler that becomes active again restarts its window from the current count, not from what it "
    + "recommended before another scaler took over")
  void activatedRestartsTheWindow() {
    Reconciler reconciler = new Reconciler(policy(60));
    assertThat(reconciler.decide(seen(0, ThreatLevel.Benign, 50, 10), 1, "n").desiredReplicas()).isEqualTo(1);
    // standing by from 1 s to 30 s while another scaler raised the count to 5; this one is active again at 30 s
    reconciler.activated();
    ScalingDecision back = reconciler.decide(seen(30_000, ThreatLevel.Benign, 50, 10), 5, "n");
    assertThat(back.desiredReplicas()).isEqualTo(5);
    assertThat(back.signal()).isEqualTo("stabilization");
    assertThat(reconciler.decide(seen(91_000, ThreatLevel.Benign, 50, 10), 5, "n").desiredReplicas()).isEqualTo(1);
  }

  @Test
  @DisplayName("the seed is capped at maxReplicas: a policy that lowers maxReplicas brings the count down to it at once")
  void seedCappedAtMaxReplicas() {
    ScalingDecision capped = new Reconciler(policy(60)).decide(seen(0, ThreatLevel.Benign, 50, 10), 12, "n");
    assertThat(capped.desiredReplicas()).isEqualTo(8);
    assertThat(capped.scales()).isTrue();
  }

  @Test
  @DisplayName("noisy load around a boundary does not flap: one scale-up, then the count holds")
  void noFlappingOnNoise() {
    Reconciler reconciler = new Reconciler(policy(60));
    Random random = new Random(42);
    int current = 1;
    int changes = 0;
    for (int tick = 0; tick < 600; tick++) {
      double readings = 250 * (1 + 0.3 * (random.nextDouble() * 2 - 1)); // 175..325: asks for 2, 3 or 4
      ScalingDecision decision = reconciler.decide(seen(tick * 1000L, ThreatLevel.Benign, readings, 10), current, "n");
      if (decision.desiredReplicas() != current) {
        changes++;
        current = decision.desiredReplicas();
      }
    }
    assertThat(changes).as("scale calls over 10 minutes of noise").isLessThanOrEqualTo(2);
    assertThat(current).as("2 then 3 (within 10 % of 3 replicas' capacity up to 330 readings/s)").isBetween(3, 4);
  }

  @Test
  @DisplayName("a policy with a bad field is refused with the field, its value and what is allowed")
  void badPolicyIsRefusedByField() {
    JsonObject spec = policy(60).toJson();
    spec.getJsonObject("spec").put("maxReplicas", 0);
    assertThatThrownBy(() -> ThreatScalePolicy.fromJson(spec)).hasMessage(
      "ThreatScalePolicy spec.maxReplicas 0: expected an integer >= 1 and >= minReplicas (1)");
    JsonObject cpu = policy(60).toJson();
    cpu.getJsonObject("spec").getJsonObject("performanceScaling").put("targetCpu", 70);
    assertThatThrownBy(() -> ThreatScalePolicy.fromJson(cpu))
      .hasMessage("ThreatScalePolicy spec.performanceScaling.targetCpu 70.0: expected a fraction from 0 to 1 (0: off)");
    assertThatThrownBy(() -> LocalPolicySource.parse("kind: ThreatResponse\nmetadata: {name: x}\n"))
      .hasMessage("kind 'ThreatResponse': expected ThreatScalePolicy");
  }

  @Test
  @DisplayName("a policy file of several resources parses, and a policy survives its JSON round trip")
  void policiesFromYaml() {
    List<ThreatScalePolicy> parsed = LocalPolicySource.parse("""
      apiVersion: kraken.dev/v1alpha1
      kind: ThreatScalePolicy
      metadata: {name: a, namespace: fleet}
      spec: {targetDeployment: kraken-inference, minReplicas: 2, maxReplicas: 5,
             threatScaling: {benign: 2, suspicious: 3, hostile: 4, immediate: 5},
             predictive: {enabled: true, seasonalPeriodSeconds: 3600, horizonSeconds: 120}}
      ---
      kind: ThreatScalePolicy
      metadata: {name: b}
      spec: {targetDeployment: kraken-ingest}
      """);
    assertThat(parsed).hasSize(2);
    assertThat(parsed.get(0).key()).isEqualTo("fleet/a");
    assertThat(parsed.get(0).predictive().horizonSeconds()).isEqualTo(120);
    assertThat(parsed.get(1).key()).isEqualTo("default/b");
    assertThat(parsed.get(1).stabilizationWindowSeconds()).isEqualTo(300);
    assertThat(ThreatScalePolicy.fromJson(parsed.get(0).toJson())).isEqualTo(parsed.get(0));
  }

  @Test
  @DisplayName("scaling.policyFile: the example file parses; a missing file stops start-up naming the key and the path")
  void policyFile() {
    LocalPolicySource example = LocalPolicySource.from(new JsonObject()
      .put("scaling.policyFile", "conf/scaling-policies.example.yaml"));
    assertThat(example.describe()).isEqualTo("file conf/scaling-policies.example.yaml");
    ThreatScalePolicy policy = example.policies().result().get(0);
    assertThat(policy.key()).isEqualTo("local/inference-by-threat");
    assertThat(policy.threatScaling().replicasAt(ThreatLevel.Hostile)).isEqualTo(3);
    assertThatThrownBy(() -> LocalPolicySource.from(new JsonObject().put("scaling.policyFile", "conf/absent.yaml")))
      .hasMessageStartingWith("scaling.policyFile conf/absent.yaml: cannot read it");
    ThreatScalePolicy embedded = LocalPolicySource.from(new JsonObject()).policies().result().get(0);
    assertThat(embedded.key()).isEqualTo("local/embedded-inference");
    assertThat(embedded.targetDeployment()).isEqualTo("kraken-inference");
    assertThat(embedded.threatScaling().replicasAt(ThreatLevel.ImmediateThreat)).isEqualTo(4);
  }
}
