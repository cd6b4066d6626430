package kraken.k8s;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * There is no cluster here, so the deploy and readiness scripts are tested on what they must do without one: stop
 * with a non-zero exit and say exactly what is missing.
 */
@DisplayName("deploy-k3s.sh and readiness-check.sh fail clearly without a cluster")
class K8sScriptsTest {

  @TempDir
  Path home;

  private Map<String, String> noCluster() throws Exception {
    Path config = home.resolve("empty-kubeconfig");
    Files.writeString(config, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
    return Map.of("KUBECONFIG", config.toString(), "HOME", home.toString());
  }

  /** A configured cluster whose API server does not answer (nothing listens on port 1). */
  private Map<String, String> unreachableCluster() throws Exception {
    Path config = home.resolve("unreachable-kubeconfig");
    Files.writeString(config, """
      apiVersion: v1
      kind: Config
      clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1"}}]
      contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]
      users: [{name: nobody, user: {token: none}}]
      current-context: nowhere
      """);
    return Map.of("KUBECONFIG", config.toString(), "HOME", home.toString());
  }

  @Test
  @DisplayName("deploy-k3s.sh without an overlay, or with an unknown one, names the overlays it allows")
  void deployNamesTheOverlays() throws Exception {
    Tools.Result none = Tools.run(Path.of("."), noCluster(), "bash", "scripts/deploy-k3s.sh");
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.stderr()).contains("no overlay given", "dev", "prod");
    Tools.Result unknown = Tools.run(Path.of("."), noCluster(), "bash", "scripts/deploy-k3s.sh", "staging");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.stderr()).contains("unknown overlay 'staging'", "dev", "prod");
  }

  @Test
  @DisplayName("deploy-k3s.sh with no cluster configured, or one that does not answer, says so and applies nothing")
  void deployWithoutACluster() throws Exception {
    Tools.require("kubectl", "kubernetes-client");
    Tools.Result none = Tools.run(Path.of("."), noCluster(), "bash", "scripts/deploy-k3s.sh", "dev");
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.stderr()).contains("no current context", "KUBECONFIG");
    Tools.Result unreachable = Tools.run(Path.of("."), unreachableCluster(), "bash", "scripts/deploy-k3s.sh", "dev");
    assertThat(unreachable.exitCode()).isNotZero();
    assertThat(unreachable.stderr()).contains("context 'nowhere' is not reachable", "127.0.0.1:1");
    assertThat(unreachable.all()).doesNotContain("created", "configured");
  }

  @Test
  @DisplayName("readiness-check.sh fails every check with the reason, in text and in --json")
  void readinessWithoutACluster() throws Exception {
    Tools.require("kubectl", "kubernetes-client");
    Tools.Result text = Tools.run(Path.of("."), unreachableCluster(), "bash", "scripts/readiness-check.sh");
    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.stdout().lines().toList()).hasSize(6).allMatch(line -> line.startsWith("FAIL "));
    assertThat(text.stdout()).contains("cluster-reachable", "nodes-ready", "no-resource-pressure",
      "critical-deployments", "network-policies", "prometheus-up", "not reachable", "127.0.0.1:1");
    Tools.Result json = Tools.run(Path.of("."), noCluster(), "bash", "scripts/readiness-check.sh", "--json");
    assertThat(json.exitCode()).isEqualTo(1);
    var report = new io.vertx.core.json.JsonObject(json.stdout());
    assertThat(report.getBoolean("passed")).isFalse();
    assertThat(report.getJsonArray("checks")).hasSize(6);
    assertThat(report.getJsonArray("checks").getJsonObject(0).getString("reason")).contains("no current context");
    Tools.Result wrong = Tools.run(Path.of("."), noCluster(), "bash", "scripts/readiness-check.sh", "--yaml");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.stderr()).contains("unknown argument '--yaml'", "--json");
  }
}
