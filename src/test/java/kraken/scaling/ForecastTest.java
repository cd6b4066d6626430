package kraken.scaling;

import io.vertx.core.json.JsonObject;
import kraken.bus.ScalingDecision;
import kraken.bus.ThreatLevel;
import kraken.scaling.policy.ThreatScalePolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The Holt-Winters forecast pre-scales before a recurring surge and does not flap on noise")
class ForecastTest {

  /** A season of 240 s (24 buckets of 10 s), looking 30 s ahead; 100 readings/s per replica; window 60 s. */
  private static ThreatScalePolicy predictive() {
    return ThreatScalePolicy.fromJson(new JsonObject("""
      {"metadata": {"name": "daily", "namespace": "fleet"},
       "spec": {"targetDeployment": "kraken-inference", "minReplicas": 1, "maxReplicas": 10,
                "threatScaling": {"benign": 1, "suspicious": 1, "hostile": 3, "immediate": 5},
                "performanceScaling": {"targetReadingsPerSecondPerReplica": 100},
                "predictive": {"enabled": true, "seasonalPeriodSeconds": 240, "horizonSeconds": 30},
                "stabilizationWindowSeconds": 60}}"""));
  }

  /** 100 readings/s, except 600 readings/s from 180 s to 210 s of every 240 s season. */
  private static double surge(long atMs) {
    long inSeason = (atMs / 1000) % 240;
    return inSeason >= 180 && inSeason < 210 ? 600 : 100;
  }

  @Test
  @DisplayName("after three seasons with a surge at 180 s, the scaler asks for 6 replicas at 160 s, before the surge, "
    + "and says the forecast drove it")
  void preScalesBeforeARecurringSurge() {
    Reconciler reconciler = new Reconciler(predictive());
    for (long at = 0; at < 3 * 240_000; at += 1000) {
      reconciler.record(new Observation(at, ThreatLevel.Benign, surge(at), 0, 0, 0, 1, 0));
    }
    long quiet = 3 * 240_000 + 100_000; // 100 s into the fourth season: the surge is 80 s away
    ScalingDecision early = reconciler.decide(new Observation(quiet, ThreatLevel.Benign, 100, 0, 0, 0, 1, 0), 1, "n");
    assertThat(early.desiredReplicas()).as(String.join("\n", early.reasons())).isEqualTo(1);

    for (long at = 3 * 240_000; at <= 3 * 240_000 + 160_000; at += 1000) {
      reconciler.record(new Observation(at, ThreatLevel.Benign, surge(at), 0, 0, 0, 1, 0));
    }
    long before = 3 * 240_000 + 160_000; // 20 s before the surge, load still at 100 readings/s
    ScalingDecision ahead = reconciler.decide(new Observation(before, ThreatLevel.Benign, 100, 0, 0, 0, 1, 0), 1, "n");
    assertThat(ahead.signal()).as(String.join("\n", ahead.reasons())).isEqualTo("forecast:readings");
    assertThat(ahead.desiredReplicas()).isBetween(5, 7);
    assertThat(ahead.scales()).isTrue();
  }

  @Test
  @DisplayName("a recurring hostile period is forecast too: the threat floor is raised ahead of it")
  void forecastsThreat() {
    Reconciler reconciler = new Reconciler(predictive());
    for (long at = 0; at <= 3 * 240_000 + 165_000; at += 1000) {
      long inSeason = (at / 1000) % 240;
      ThreatLevel level = inSeason >= 180 && inSeason < 220 ? ThreatLevel.Hostile : ThreatLevel.Benign;
      reconciler.record(new Observation(at, level, 50, 0, 0, 0, 1, 0));
    }
    ScalingDecision ahead = reconciler.decide(new Observation(3 * 240_000 + 165_000, ThreatLevel.Benign, 50, 0, 0, 0, 1,
      0), 1, "n");
    assertThat(ahead.signal()).as(String.join("\n", ahead.reasons())).isEqualTo("forecast:threat");
    assertThat(ahead.desiredReplicas()).isEqualTo(3);
  }

  @Test
  @DisplayName("flat but noisy history forecasts no surge, and over two seasons of noise the count changes at most once")
  void noFlappingOnNoise() {
    Reconciler reconciler = new Reconciler(predictive());
    Random random = new Random(7);
    int current = 1;
    int changes = 0;
    for (long at = 0; at < 6 * 240_000; at += 1000) {
      double readings = 150 * (1 + 0.25 * random.nextGaussian());
      Observation seen = new Observation(at, ThreatLevel.Benign, Math.max(0, readings), 0, 0, 0, 1, 0);
      reconciler.record(seen);
      if (at >= 4 * 240_000) {
        ScalingDecision decision = reconciler.decide(seen, current, "n");
        if (decision.desiredReplicas() != current) {
          changes++;
          current = decision.desiredReplicas();
        }
      }
    }
    assertThat(changes).as("scale calls over two seasons of noisy history").isLessThanOrEqualTo(1);
    assertThat(current).isBetween(2, 4);
  }

  @Test
  @DisplayName("Holt-Winters reproduces a clean seasonal series and refuses one shorter than two seasons")
  void holtWintersOnACleanSeries() {
    double[] series = new double[72];
    for (int i = 0; i < series.length; i++) {
      series[i] = 10 + (i % 24 == 5 ? 50 : 0);
    }
    double[] ahead = HoltWinters.forecast(series, 24, 6);
    assertThat(ahead[5]).as("step 6 is bucket 5 of the next season").isCloseTo(60, org.assertj.core.data.Offset.offset(3.0));
    assertThat(ahead[0]).isCloseTo(10, org.assertj.core.data.Offset.offset(3.0));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HoltWinters.forecast(new double[30], 24, 1))
      .hasMessageContaining("two seasons");
  }
}
