package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiManifestsTest {

  private final RenderedChart defaults = RenderedChart.withDefaults();

  @Test
  void probesUseTheActuatorHealthGroups() {
    Map<String, Object> api = defaults.container("api");

    assertThat(YamlPath.string(api, "livenessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/liveness");
    assertThat(YamlPath.string(api, "readinessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/readiness");
    assertThat(YamlPath.string(api, "startupProbe.httpGet.path"))
        .isEqualTo("/actuator/health/liveness");
    assertThat(YamlPath.at(api, "ports[0].containerPort")).isEqualTo(8080);
  }

  @Test
  void runsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp() {
    Map<String, Object> pod = YamlPath.map(defaults.deployment("api"), "spec.template.spec");
    Map<String, Object> api = defaults.container("api");

    assertThat(YamlPath.at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
    assertThat((Integer) YamlPath.at(pod, "securityContext.runAsUser")).isPositive();
    assertThat(YamlPath.at(api, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(YamlPath.at(api, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
    assertThat(YamlPath.list(api, "securityContext.capabilities.drop")).containsExactly("ALL");
    assertThat(YamlPath.string(api, "volumeMounts[0].mountPath")).isEqualTo("/tmp");
    assertThat(YamlPath.at(pod, "volumes[0].emptyDir")).isNotNull();
  }

  @Test
  void requestsResourcesAndLimitsMemory() {
    Map<String, Object> api = defaults.container("api");

    assertThat(YamlPath.at(api, "resources.requests.cpu")).isNotNull();
    assertThat(YamlPath.at(api, "resources.requests.memory")).isNotNull();
    assertThat(YamlPath.at(api, "resources.limits.memory")).isNotNull();
  }

  @Test
  void defaultPoolsOfTwoApiAndTwoWorkerReplicasFitPostgresDefaultConnectionLimit() {
    int apiPool =
        Integer.parseInt(String.valueOf(defaults.config("api").get("PROMPTLY_DB_POOL_SIZE")));
    int workerPool =
        Integer.parseInt(String.valueOf(defaults.config("worker").get("PROMPTLY_DB_POOL_SIZE")));

    // Postgres allows 100 connections by default and keeps 3 for superusers.
    assertThat(2 * apiPool + 2 * workerPool).isLessThanOrEqualTo(97);
  }

  @Test
  void configChangeAltersThePodTemplateChecksum() {
    RenderedChart changed = RenderedChart.withSettings(Map.of("rabbitmq.host", "rabbit.other"));

    String before = checksum(defaults);
    String after = checksum(changed);

    assertThat(before).matches("[0-9a-f]{64}");
    assertThat(after).matches("[0-9a-f]{64}").isNotEqualTo(before);
  }

  @Test
  void takesItsSettingsFromItsConfigMap() {
    Map<String, Object> api = defaults.container("api");

    assertThat(YamlPath.string(api, "envFrom[0].configMapRef.name")).isEqualTo("promptly-api");
    assertThat(defaults.config("api"))
        .containsEntry("PROMPTLY_RABBIT_HOST", "rabbitmq")
        .containsKey("PROMPTLY_DB_URL")
        .containsKey("JDK_JAVA_OPTIONS");
  }

  @Test
  void hasFixedReplicasAndNoAutoscalerByDefault() {
    assertThat(YamlPath.at(defaults.deployment("api"), "spec.replicas")).isEqualTo(2);
    assertThat(defaults.ofKind("HorizontalPodAutoscaler")).isEmpty();
    assertThat(defaults.ofKind("Ingress")).isEmpty();
  }

  @Test
  void cpuAutoscalerOwnsTheReplicaCountWhenEnabled() {
    RenderedChart chart = RenderedChart.withTestValues("hpa-fallback.yaml");

    Map<String, Object> hpa = chart.get("HorizontalPodAutoscaler", "promptly-api");

    assertThat(YamlPath.string(hpa, "spec.scaleTargetRef.name")).isEqualTo("promptly-api");
    assertThat(YamlPath.string(hpa, "spec.metrics[0].resource.name")).isEqualTo("cpu");
    assertThat(YamlPath.at(chart.deployment("api"), "spec.replicas")).isNull();
  }

  @Test
  void ingressRoutesItsHostToTheApiService() {
    RenderedChart chart = RenderedChart.withTestValues("ingress.yaml");

    Map<String, Object> ingress = chart.get("Ingress", "promptly-api");

    assertThat(YamlPath.string(ingress, "spec.ingressClassName")).isEqualTo("nginx");
    assertThat(YamlPath.string(ingress, "spec.rules[0].host")).isEqualTo("promptly.test");
    assertThat(YamlPath.string(ingress, "spec.rules[0].http.paths[0].backend.service.name"))
        .isEqualTo("promptly-api");
    assertThat(YamlPath.string(ingress, "spec.tls[0].secretName")).isEqualTo("promptly-test-tls");
  }

  @Test
  void serviceAndDisruptionBudgetSelectOnlyApiPods() {
    Map<String, Object> service = defaults.get("Service", "promptly-api");
    Map<String, Object> pdb = defaults.get("PodDisruptionBudget", "promptly-api");
    Map<String, Object> podLabels =
        YamlPath.map(defaults.deployment("api"), "spec.template.metadata.labels");

    for (Map<String, Object> selector :
        List.of(
            YamlPath.map(service, "spec.selector"),
            YamlPath.map(pdb, "spec.selector.matchLabels"))) {
      assertThat(selector).containsEntry("app.kubernetes.io/component", "api");
      assertThat(podLabels).containsAllEntriesOf(selector);
    }
  }

  private static String checksum(RenderedChart chart) {
    return YamlPath.string(
        chart.deployment("api"), "spec.template.metadata.annotations.checksum/config");
  }
}
