package kraken.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import kraken.ops.Meters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Alert rules pass promtool, and the dashboard and alerts query only metrics KRAKEN exports")
class K8sMonitoringTest {

  private static final Path MONITORING = Path.of("k8s", "monitoring");
  /** What Micrometer adds to a meter's name in Prometheus: counters, timers, summaries, gauges with a unit. */
  private static final List<String> SUFFIXES = List.of("", "_total", "_seconds", "_seconds_bucket", "_seconds_count",
    "_seconds_sum", "_seconds_max", "_bucket", "_count", "_sum", "_max", "_rows");
  /**
   * Names from outside Meters: Prometheus' own {@code up} and the JVM and Vert.x binders KrakenNode enables, as a
   * node's /metrics shows them (checked on a running node on 2026-11-25).
   */
  private static final Set<String> EXPORTED_ELSEWHERE = Set.of("up", "jvm_memory_used_bytes", "jvm_memory_max_bytes",
    "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_count", "process_cpu_usage", "vertx_eventbus_pending");
  private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*(?:\\{|\\[|\\)|$| [<>=!])");
  private static final Set<String> PROMQL_WORDS = Set.of("sum", "rate", "increase", "max", "min", "count", "by",
    "histogram_quantile", "clamp_min", "le", "without", "avg");

  @Test
  @DisplayName("promtool check rules accepts alerts.yaml and promtool test rules passes alerts.test.yaml")
  void promtoolChecksAndTestsTheRules() throws Exception {
    Tools.require("promtool", "prometheus");
    Tools.Result check = Tools.run(MONITORING, java.util.Map.of(), "promtool", "check", "rules", "alerts.yaml");
    assertThat(check.exitCode()).as("promtool check rules: %s", check.all()).isZero();
    assertThat(check.all()).contains("SUCCESS: 8 rules found");
    Tools.Result test = Tools.run(MONITORING, java.util.Map.of(), "promtool", "test", "rules", "alerts.test.yaml");
    assertThat(test.exitCode()).as("promtool test rules: %s", test.all()).isZero();
  }

  @Test
  @DisplayName("the alerts cover what the design asks: ingest rejecting, p99, inference degraded, persistence, member lost, scaler at ceiling")
  void alertsCoverTheDesign() throws Exception {
    JsonNode groups = new ObjectMapper(new YAMLFactory()).readTree(MONITORING.resolve("alerts.yaml").toFile()).get("groups");
    List<String> alerts = new ArrayList<>();
    groups.forEach(group -> group.get("rules").forEach(rule -> alerts.add(rule.get("alert").asText())));
    assertThat(alerts).contains("KrakenIngestRejecting", "KrakenPipelineP99High", "KrakenInferenceDegraded",
      "KrakenPicturePersistenceBuffering", "KrakenMemberLost", "KrakenScalerAtCeiling");
    String tests = Files.readString(MONITORING.resolve("alerts.test.yaml"));
    alerts.forEach(alert -> assertThat(tests).as("a promtool test for %s", alert).contains("alertname: " + alert));
  }

  @Test
  @DisplayName("the dashboard parses and shows ingest rate, latency percentiles, threats by level, replicas and decisions, JVM")
  void dashboardParsesAndCoversTheDesign() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    List<String> titles = new ArrayList<>();
    dashboard.get("panels").forEach(panel -> titles.add(panel.get("title").asText()));
    assertThat(titles).contains("Ingest rate", "Ingest to picture latency", "Threats by level",
      "Replicas and the scaler's decision", "Scaling decisions", "JVM heap used");
    assertThat(expressions(dashboard)).anyMatch(e -> e.contains("histogram_quantile(0.99"));
  }

  @Test
  @DisplayName("every metric the dashboard and the alerts query is exported: kraken_* by Meters, the rest by named binders")
  void queriedMetricsExist() throws Exception {
    Set<String> exported = new TreeSet<>(EXPORTED_ELSEWHERE);
    for (String meter : meterNames()) {
      SUFFIXES.forEach(suffix -> exported.add(meter.replace('.', '_') + suffix));
    }
    JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    List<String> queries = new ArrayList<>(expressions(dashboard));
    new ObjectMapper(new YAMLFactory()).readTree(MONITORING.resolve("alerts.yaml").toFile()).get("groups")
      .forEach(group -> group.get("rules").forEach(rule -> queries.add(rule.get("expr").asText())));
    Set<String> queried = new TreeSet<>();
    queries.forEach(query -> queried.addAll(metricNames(query)));
    assertThat(queried).as("metrics queried").contains("kraken_readings_accepted_total", "kraken_picture_contacts",
      "kraken_scaling_desired_replicas", "kraken_ingest_to_picture_seconds_bucket");
    assertThat(exported).as("exported metric names").containsAll(queried);
  }

  @Test
  @DisplayName("the name check itself finds a metric that does not exist")
  void nameCheckCatchesDrift() {
    assertThat(metricNames("sum(rate(kraken_readings_acepted_total[1m])) / max by (pod) (kraken_ws_clients)"))
      .containsExactlyInAnyOrder("kraken_readings_acepted_total", "kraken_ws_clients");
  }

  @Test
  @DisplayName("the scrape configuration keeps annotated kraken pods and loads alerts.yaml")
  void scrapeConfiguration() throws Exception {
    JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(MONITORING.resolve("prometheus.yml").toFile());
    assertThat(config.get("rule_files").get(0).asText()).isEqualTo("alerts.yaml");
    JsonNode job = config.get("scrape_configs").get(0);
    assertThat(job.get("job_name").asText()).as("the job the alerts name (up{job=\"kraken\"})").isEqualTo("kraken");
    assertThat(job.get("relabel_configs").toString()).contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape",
      "__meta_kubernetes_pod_annotation_prometheus_io_port");
  }

  private static List<String> expressions(JsonNode dashboard) {
    List<String> expressions = new ArrayList<>();
    dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(t -> expressions.add(t.get("expr").asText())));
    return expressions;
  }

  /** Metric names in a PromQL expression: identifiers followed by a selector, a range, or the end of a term. */
  static Set<String> metricNames(String promql) {
    String withoutStrings = promql.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("by \\([^)]*\\)", "");
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC.matcher(withoutStrings.strip());
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!PROMQL_WORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  private static List<String> meterNames() throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field field : Meters.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        names.add((String) field.get(null));
      }
    }
    return names;
  }
}
