package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerManifestsTest {

  /** The longest timeout_seconds the API accepts, and the chart's default llmTimeoutSeconds. */
  private static final int MAX_LLM_TIMEOUT_SECONDS = 600;

  private final RenderedChart defaults = RenderedChart.withDefaults();

  @Test
  void podOutlivesTheLongestLlmCallItMayBeRunning() {
    Object grace =
        YamlPath.at(
            defaults.deployment("worker"), "spec.template.spec.terminationGracePeriodSeconds");

    assertThat((Integer) grace).isGreaterThan(MAX_LLM_TIMEOUT_SECONDS);
  }

  @Test
  void podGraceCoversThePreStopPauseAndTheWorkersOwnShutdownGrace() {
    Map<String, Object> pod = YamlPath.map(defaults.deployment("worker"), "spec.template.spec");
    List<Object> preStop = YamlPath.list(pod, "containers[0].lifecycle.preStop.exec.command");

    long preStopSeconds = Long.parseLong((String) preStop.get(1));
    Duration shutdownGrace = duration(defaults.config("worker"), "PROMPTLY_WORKER_SHUTDOWN_GRACE");

    assertThat(preStop.get(0)).isEqualTo("sleep");
    assertThat(shutdownGrace).isGreaterThanOrEqualTo(Duration.ofSeconds(MAX_LLM_TIMEOUT_SECONDS));
    assertThat(((Integer) pod.get("terminationGracePeriodSeconds")).longValue())
        .isGreaterThan(preStopSeconds + shutdownGrace.toSeconds());
  }

  @Test
  void springShutdownPhaseOutlastsTheShutdownGrace() {
    Map<String, Object> config = defaults.config("worker");

    assertThat(duration(config, "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE"))
        .isGreaterThan(duration(config, "PROMPTLY_WORKER_SHUTDOWN_GRACE"));
  }

  @Test
  void shutdownGraceComesFromValues() {
    RenderedChart chart =
        RenderedChart.withSettings(
            Map.of("worker.llmTimeoutSeconds", 120, "worker.shutdownGraceSeconds", 150));

    Object grace =
        YamlPath.at(chart.deployment("worker"), "spec.template.spec.terminationGracePeriodSeconds");

    assertThat(chart.config("worker")).containsEntry("PROMPTLY_WORKER_SHUTDOWN_GRACE", "150s");
    assertThat(grace).isEqualTo(5 + 150 + 30);
  }

  @Test
  void probesUseTheActuatorHealthGroupsOnTheManagementPort() {
    Map<String, Object> worker = defaults.container("worker");

    assertThat(YamlPath.string(worker, "livenessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/liveness");
    assertThat(YamlPath.string(worker, "readinessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/readiness");
    assertThat(YamlPath.string(worker, "readinessProbe.httpGet.port")).isEqualTo("management");
    assertThat(YamlPath.at(worker, "ports[0].containerPort")).isEqualTo(8081);
  }

  @Test
  void startupProbeWaitsLongerThanTheSchemaWait() {
    Map<String, Object> probe = YamlPath.map(defaults.container("worker"), "startupProbe");
    Duration schemaWait = duration(defaults.config("worker"), "PROMPTLY_WORKER_SCHEMA_WAIT");

    int window = (Integer) probe.get("periodSeconds") * (Integer) probe.get("failureThreshold");

    assertThat(Duration.ofSeconds(window)).isGreaterThan(schemaWait);
  }

  @Test
  void runsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp() {
    Map<String, Object> worker = defaults.container("worker");

    assertThat(
            YamlPath.at(
                defaults.deployment("worker"), "spec.template.spec.securityContext.runAsNonRoot"))
        .isEqualTo(true);
    assertThat(YamlPath.at(worker, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(YamlPath.string(worker, "volumeMounts[0].mountPath")).isEqualTo("/tmp");
    assertThat(YamlPath.at(worker, "resources.limits.memory")).isNotNull();
  }

  @Test
  void rollingUpdateStartsNewWorkersBeforeStoppingOldOnes() {
    Map<String, Object> strategy = YamlPath.map(defaults.deployment("worker"), "spec.strategy");

    assertThat(YamlPath.at(strategy, "rollingUpdate.maxUnavailable")).isEqualTo(0);
  }

  @Test
  void workerConfigChangeRollsTheWorkersButNotTheApi() {
    RenderedChart changed = RenderedChart.withSettings(Map.of("worker.concurrency", 8));

    assertThat(checksum(changed)).matches("[0-9a-f]{64}").isNotEqualTo(checksum(defaults));
    assertThat(apiChecksum(changed)).isEqualTo(apiChecksum(defaults));
  }

  @Test
  void getsNoProviderKeyWithoutASecretSoItsEmulatorDefaultHolds() {
    Map<String, Object> worker = defaults.container("worker");

    assertThat(worker.get("env")).isNull();
    assertThat(defaults.config("worker")).doesNotContainKey("OPENAI_API_KEY");
  }

  @Test
  void readsTheProviderKeyFromTheExistingSecret() {
    RenderedChart chart =
        RenderedChart.withSettings(Map.of("secrets.existingSecret", "promptly-keys"));

    List<Object> env = YamlPath.list(chart.container("worker"), "env");

    assertThat(env)
        .anySatisfy(
            e -> {
              assertThat(YamlPath.string(e, "name")).isEqualTo("OPENAI_API_KEY");
              assertThat(YamlPath.string(e, "valueFrom.secretKeyRef.name"))
                  .isEqualTo("promptly-keys");
            });
  }

  @Test
  void callsTheInClusterEmulatorWhenItIsEnabled() {
    RenderedChart chart = RenderedChart.withTestValues("with-secrets.yaml");

    assertThat(chart.config("worker"))
        .containsEntry("OPENAI_BASE_URL", "http://promptly-emulator:8090/v1");
    assertThat(chart.get("Service", "promptly-emulator")).isNotNull();
    assertThat(YamlPath.list(chart.container("worker"), "env"))
        .noneMatch(e -> "OPENAI_API_KEY".equals(YamlPath.string(e, "name")));
  }

  private static Duration duration(Map<String, Object> config, String name) {
    String value = (String) config.get(name);
    assertThat(value).as(name).matches("\\d+s");
    return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
  }

  private static String checksum(RenderedChart chart) {
    return YamlPath.string(
        chart.deployment("worker"), "spec.template.metadata.annotations.checksum/config");
  }

  private static String apiChecksum(RenderedChart chart) {
    return YamlPath.string(
        chart.deployment("api"), "spec.template.metadata.annotations.checksum/config");
  }
}
