package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerAutoscalingTest {

  private final RenderedChart keda = RenderedChart.withTestValues("keda.yaml");
  private final RenderedChart hpa = RenderedChart.withTestValues("hpa-fallback.yaml");
  private final RenderedChart fixed = RenderedChart.withDefaults();

  @Test
  void kedaScalesTheWorkerDeploymentOnTheJobQueue() {
    Map<String, Object> scaledObject = keda.get("ScaledObject", "promptly-worker");

    List<Object> triggers = YamlPath.list(scaledObject, "spec.triggers");

    assertThat(YamlPath.string(scaledObject, "apiVersion")).isEqualTo("keda.sh/v1alpha1");
    assertThat(YamlPath.string(scaledObject, "spec.scaleTargetRef.name"))
        .isEqualTo("promptly-worker");
    assertThat(triggers)
        .extracting(t -> YamlPath.string(t, "metadata.queueName"))
        .containsExactly("promptly.jobs.ready");
  }

  @Test
  void kedaTriggerCountsReadyMessagesPerReplicaOnTheWorkersVhost() {
    Map<String, Object> ready = trigger("promptly.jobs.ready");

    assertThat(YamlPath.string(ready, "type")).isEqualTo("rabbitmq");
    assertThat(YamlPath.map(ready, "metadata"))
        .containsEntry("mode", "QueueLength")
        .containsEntry("value", "16")
        .containsEntry("vhostName", "promptly")
        .containsEntry("host", "amqp://rabbitmq:5672/");
  }

  @Test
  void kedaReadsTheSameRabbitMqCredentialsAsTheWorkers() {
    Map<String, Object> metadata = YamlPath.map(trigger("promptly.jobs.ready"), "metadata");
    Map<String, Object> config = keda.config("worker");
    List<Object> env = YamlPath.list(keda.container("worker"), "env");

    assertThat(config).containsKey((String) metadata.get("usernameFromEnv"));
    assertThat(env)
        .extracting(e -> YamlPath.string(e, "name"))
        .contains((String) metadata.get("passwordFromEnv"));
    assertThat((String) metadata.get("host")).doesNotContain("@");
  }

  @Test
  void kedaHoldsFallbackReplicasWhenItCannotReadTheQueues() {
    Map<String, Object> spec = YamlPath.map(keda.get("ScaledObject", "promptly-worker"), "spec");

    assertThat(spec).containsEntry("minReplicaCount", 0).containsEntry("maxReplicaCount", 20);
    assertThat((Integer) YamlPath.at(spec, "fallback.replicas")).isPositive();
  }

  @Test
  void withKedaNoWorkerHpaIsRenderedAndTheDeploymentLeavesReplicasToKeda() {
    assertThat(keda.find("HorizontalPodAutoscaler", "promptly-worker")).isEmpty();
    assertThat(YamlPath.at(keda.deployment("worker"), "spec.replicas")).isNull();
  }

  @Test
  void withoutKedaTheCpuHpaIsTheFallback() {
    Map<String, Object> autoscaler = hpa.get("HorizontalPodAutoscaler", "promptly-worker");

    assertThat(hpa.ofKind("ScaledObject")).isEmpty();
    assertThat(YamlPath.string(autoscaler, "spec.scaleTargetRef.name"))
        .isEqualTo("promptly-worker");
    assertThat(YamlPath.string(autoscaler, "spec.metrics[0].resource.name")).isEqualTo("cpu");
    assertThat(YamlPath.at(autoscaler, "spec.minReplicas")).isEqualTo(2);
    assertThat(YamlPath.at(hpa.deployment("worker"), "spec.replicas")).isNull();
  }

  @Test
  void withoutAutoscalingTheWorkersRunAFixedReplicaCount() {
    assertThat(fixed.ofKind("ScaledObject")).isEmpty();
    assertThat(fixed.find("HorizontalPodAutoscaler", "promptly-worker")).isEmpty();
    assertThat(YamlPath.at(fixed.deployment("worker"), "spec.replicas")).isEqualTo(2);
  }

  @Test
  void disruptionBudgetKeepsMostWorkersThroughNodeDrains() {
    Map<String, Object> pdb = fixed.get("PodDisruptionBudget", "promptly-worker");

    assertThat(YamlPath.map(pdb, "spec.selector.matchLabels"))
        .containsEntry("app.kubernetes.io/component", "worker");
    assertThat(YamlPath.at(pdb, "spec.maxUnavailable")).isEqualTo(1);
  }

  private Map<String, Object> trigger(String queue) {
    return YamlPath.list(keda.get("ScaledObject", "promptly-worker"), "spec.triggers").stream()
        .filter(t -> queue.equals(YamlPath.string(t, "metadata.queueName")))
        .map(t -> YamlPath.asMap(t, queue))
        .findFirst()
        .orElseThrow();
  }
}
