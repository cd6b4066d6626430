package kraken.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import kraken.config.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The k8s/ overlays render, parse as Kubernetes objects and keep the promises the README makes about them")
class K8sManifestsTest {

  private static final List<String> ROLES = List.of("ingest", "inference", "tactical", "scaling");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Renders an overlay with {@code kubectl kustomize} and parses every object with fabric8's model classes. */
  static List<HasMetadata> render(String overlay) throws Exception {
    Tools.require("kubectl", "kubernetes-client");
    Tools.Result rendered = Tools.run("kubectl", "kustomize", "k8s/overlays/" + overlay);
    assertThat(rendered.exitCode()).as("kubectl kustomize k8s/overlays/%s: %s", overlay, rendered.stderr()).isZero();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : rendered.stdout().split("(?m)^---\\s*$")) {
      if (!document.isBlank()) {
        objects.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }

  @ParameterizedTest(name = "overlay {0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("every overlay renders, and each object parses into fabric8's typed model (only our own kinds are generic)")
  void overlaysRenderAndParse(String overlay) throws Exception {
    List<HasMetadata> objects = render(overlay);
    assertThat(kinds(objects)).contains("Namespace", "CustomResourceDefinition", "ServiceAccount", "Role", "RoleBinding",
      "Deployment", "Service", "Ingress", "ConfigMap", "NetworkPolicy", "ResourceQuota", "PodDisruptionBudget");
    for (HasMetadata object : objects) {
      boolean ours = object.getApiVersion().startsWith("kraken.dev/");
      assertThat(object instanceof GenericKubernetesResource).as("%s %s parsed generically", object.getKind(),
        object.getMetadata().getName()).isEqualTo(ours);
      if (!"Namespace".equals(object.getKind()) && !"CustomResourceDefinition".equals(object.getKind())) {
        assertThat(object.getMetadata().getNamespace()).as("namespace of %s %s", object.getKind(),
          object.getMetadata().getName()).isEqualTo("kraken");
      }
    }
    assertThat(objects).as("no real Secret is rendered").noneMatch(o -> o instanceof Secret);
  }

  @ParameterizedTest(name = "overlay {0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("one Deployment per role from one image, chosen by --verticles, probed on the ops port, drained in its grace period")
  void oneDeploymentPerRole(String overlay) throws Exception {
    List<Deployment> deployments = render(overlay).stream().filter(Deployment.class::isInstance)
      .map(Deployment.class::cast).toList();
    assertThat(deployments).extracting(d -> d.getMetadata().getName())
      .containsExactlyInAnyOrderElementsOf(ROLES.stream().map(r -> "kraken-" + r).toList());
    Set<String> images = deployments.stream().map(d -> container(d).getImage()).collect(Collectors.toSet());
    assertThat(images).as("images").hasSize(1);
    long drainSeconds = Settings.INGEST_PIPELINE_TIMEOUT_MS.defaultValue() / 1000 + 30;
    for (Deployment deployment : deployments) {
      String role = deployment.getMetadata().getName().substring("kraken-".length());
      Container kraken = container(deployment);
      assertThat(kraken.getArgs()).as("args of %s", role).containsSubsequence("--cluster", "--verticles", role);
      assertThat(kraken.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
      assertThat(kraken.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
      assertThat(kraken.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
      for (var probe : List.of(kraken.getStartupProbe(), kraken.getLivenessProbe(), kraken.getReadinessProbe())) {
        assertThat(probe.getHttpGet().getPort().getStrVal()).as("probe port of %s", role).isEqualTo("ops");
      }
      assertThat(kraken.getPorts()).filteredOn(p -> "ops".equals(p.getName())).extracting(p -> p.getContainerPort())
        .containsExactly(Settings.OPS_PORT.defaultValue());
      List<String> preStop = kraken.getLifecycle().getPreStop().getExec().getCommand();
      assertThat(preStop).as("preStop of %s", role).hasSize(2).startsWith("sleep");
      long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
      assertThat(grace).as("terminationGracePeriodSeconds of %s covers preStop + drain", role)
        .isGreaterThanOrEqualTo(Long.parseLong(preStop.get(1)) + drainSeconds);
      assertThat(kraken.getEnv()).as("env of %s", role).anyMatch(e -> e.getName().equals("KRAKEN_CLUSTER_BUS_PORT")
        && e.getValue().equals("5711"));
      assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isNotEmpty();
      assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9090");
    }
  }

  @Test
  @DisplayName("the scaler's Role grants exactly read on the two CRDs, patch on their status and get/patch on deployments/scale")
  void scalerHasLeastPrivilege() throws Exception {
    List<HasMetadata> objects = render("prod");
    assertThat(kinds(objects)).doesNotContain("ClusterRole", "ClusterRoleBinding");
    List<Role> roles = objects.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
    assertThat(roles).hasSize(1);
    List<String> rules = roles.get(0).getRules().stream().map(K8sManifestsTest::describe).toList();
    assertThat(rules).containsExactlyInAnyOrder(
      "kraken.dev threatresponses,threatscalepolicies get,list,watch",
      "kraken.dev threatresponses/status,threatscalepolicies/status patch",
      "apps deployments/scale get,patch");
    assertThat(objects).filteredOn(o -> o instanceof Deployment).allSatisfy(o -> {
      String account = ((Deployment) o).getSpec().getTemplate().getSpec().getServiceAccountName();
      assertThat(account).as("service account of %s", o.getMetadata().getName())
        .isEqualTo(o.getMetadata().getName().equals("kraken-scaling") ? "kraken-scaler" : "kraken");
    });
    // the scaler acts through the Kubernetes actuator, on its own namespace only: the one the namespaced Role covers
    Container scaler = objects.stream().filter(o -> o instanceof Deployment && o.getMetadata().getName()
      .equals("kraken-scaling")).map(o -> container((Deployment) o)).findFirst().orElseThrow();
    assertThat(scaler.getEnv()).anyMatch(e -> e.getName().equals(Settings.SCALING_ACTUATOR.environmentName())
      && "kubernetes".equals(e.getValue()));
    assertThat(scaler.getEnv()).anyMatch(e -> e.getName().equals(Settings.SCALING_KUBERNETES_NAMESPACES.environmentName())
      && e.getValueFrom() != null && "metadata.namespace".equals(e.getValueFrom().getFieldRef().getFieldPath()));
  }

  @Test
  @DisplayName("the example resources validate against their CRD's openAPIV3Schema, and broken copies of them do not")
  void examplesValidateAgainstTheirSchemas() throws Exception {
    List<HasMetadata> objects = render("dev");
    List<GenericKubernetesResource> examples = objects.stream().filter(GenericKubernetesResource.class::isInstance)
      .map(GenericKubernetesResource.class::cast).toList();
    assertThat(examples).extracting(HasMetadata::getKind)
      .containsExactlyInAnyOrder("ThreatScalePolicy", "ThreatResponse", "ThreatResponse");
    for (GenericKubernetesResource example : examples) {
      JsonSchema schema = schemaOf(objects, example.getKind());
      JsonNode node = YAML.valueToTree(example);
      assertThat(schema.validate(node)).as("%s %s", example.getKind(), example.getMetadata().getName()).isEmpty();
    }
    GenericKubernetesResource policy = examples.stream().filter(e -> e.getKind().equals("ThreatScalePolicy")).findFirst().orElseThrow();
    ObjectNode brokenPolicy = YAML.valueToTree(policy);
    ((ObjectNode) brokenPolicy.get("spec")).put("minReplicas", -1);
    ((ObjectNode) brokenPolicy.get("spec")).remove("threatScaling");
    assertThat(messages(schemaOf(objects, "ThreatScalePolicy").validate(brokenPolicy)))
      .anyMatch(m -> m.contains("minReplicas")).anyMatch(m -> m.contains("threatScaling"));
    GenericKubernetesResource response = examples.stream().filter(e -> e.getKind().equals("ThreatResponse")).findFirst().orElseThrow();
    ObjectNode brokenResponse = YAML.valueToTree(response);
    ((ObjectNode) brokenResponse.get("spec")).put("threatLevel", "PANIC").put("responseAction", "engage");
    assertThat(messages(schemaOf(objects, "ThreatResponse").validate(brokenResponse)))
      .anyMatch(m -> m.contains("threatLevel")).anyMatch(m -> m.contains("responseAction"));
  }

  @Test
  @DisplayName("the ConfigMap's kraken.yaml is conf/kraken.yaml, and the Secret template parses with a placeholder only")
  void configMapAndSecretTemplate() throws Exception {
    assertThat(Files.readString(Path.of("k8s/base/kraken.yaml"))).as("k8s/base/kraken.yaml (copy it from conf/)")
      .isEqualTo(Files.readString(Path.of("conf/kraken.yaml")));
    HasMetadata configMap = render("prod").stream().filter(o -> o.getKind().equals("ConfigMap")).findFirst().orElseThrow();
    assertThat(((io.fabric8.kubernetes.api.model.ConfigMap) configMap).getData().get("kraken.yaml"))
      .isEqualTo(Files.readString(Path.of("conf/kraken.yaml")));
    Secret template = Serialization.unmarshal(Files.readString(Path.of("k8s/base/secret.template.yaml")), Secret.class);
    assertThat(template.getStringData().get("postgres-uri")).contains("CHANGE_ME");
  }

  private static JsonSchema schemaOf(List<HasMetadata> objects, String kind) {
    CustomResourceDefinition crd = objects.stream().filter(CustomResourceDefinition.class::isInstance)
      .map(CustomResourceDefinition.class::cast).filter(c -> c.getSpec().getNames().getKind().equals(kind))
      .findFirst().orElseThrow(() -> new AssertionError("no CRD for " + kind));
    JsonNode schema = YAML.valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
  }

  private static List<String> messages(Set<ValidationMessage> messages) {
    return messages.stream().map(ValidationMessage::getMessage).toList();
  }

  private static String describe(PolicyRule rule) {
    return String.join(",", rule.getApiGroups()) + " " + rule.getResources().stream().sorted().collect(Collectors.joining(","))
      + " " + rule.getVerbs().stream().sorted().collect(Collectors.joining(","));
  }

  private static Container container(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static Set<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
  }

}
