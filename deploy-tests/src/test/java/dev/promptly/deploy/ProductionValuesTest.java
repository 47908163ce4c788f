package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked example of charts/promptly/values-production.yaml that docs/deploy.md points to. */
class ProductionValuesTest {

  private final RenderedChart production =
      RenderedChart.withValuesFile(Repository.CHART.resolve("values-production.yaml"));

  @Test
  void scalesTheApiOnCpuAndTheWorkersOnQueueDepth() {
    assertThat(production.get("HorizontalPodAutoscaler", "promptly-api")).isNotNull();
    assertThat(production.find("HorizontalPodAutoscaler", "promptly-worker")).isEmpty();
    assertThat(YamlPath.list(production.get("ScaledObject", "promptly-worker"), "spec.triggers"))
        .extracting(t -> YamlPath.string(t, "metadata.queueName"))
        .containsExactlyInAnyOrder(
            "promptly.jobs.ready.high", "promptly.jobs.ready.normal", "promptly.jobs.ready.low");
  }

  @Test
  void runsQuorumQueuesOnTheClusterAndPostgresThroughPgBouncer() {
    Map<String, Object> config = production.config("worker");

    assertThat(config).containsEntry("PROMPTLY_MESSAGING_QUEUE_TYPE", "quorum");
    assertThat((String) config.get("SPRING_RABBITMQ_ADDRESSES")).contains(",");
    assertThat(config)
        .containsEntry(
            "PROMPTLY_DB_URL",
            "jdbc:postgresql://promptly-pgbouncer:5432/promptly?prepareThreshold=0")
        .containsEntry(
            "PROMPTLY_NOTIFICATIONS_DIRECT_URL",
            "jdbc:postgresql://promptly-db.internal.example.com:5432/promptly?sslmode=require")
        .containsEntry("SPRING_FLYWAY_URL", config.get("PROMPTLY_NOTIFICATIONS_DIRECT_URL"))
        .containsEntry("SPRING_DATA_REDIS_SENTINEL_MASTER", "mymaster");
    Map<String, Object> bouncer = production.deployment("pgbouncer");
    assertThat(YamlPath.list(bouncer, "spec.template.spec.containers[0].env"))
        .extracting(e -> YamlPath.string(e, "name") + "=" + YamlPath.string(e, "value"))
        .contains(
            "POOL_MODE=transaction",
            "DB_HOST=promptly-db.internal.example.com",
            "DB_NAME=promptly",
            "SERVER_TLS_SSLMODE=require");
  }

  @Test
  void workerGraceStillExceedsItsShorterLlmTimeout() {
    Object grace =
        YamlPath.at(
            production.deployment("worker"), "spec.template.spec.terminationGracePeriodSeconds");

    assertThat(production.config("worker")).containsEntry("PROMPTLY_WORKER_SHUTDOWN_GRACE", "330s");
    assertThat((Integer) grace).isGreaterThan(330);
  }

  @Test
  void everySecretComesFromAnExistingSecretNeverFromAConfigMap() {
    List<String> secretVariables =
        List.of(
            "PROMPTLY_DB_PASSWORD",
            "PROMPTLY_RABBIT_PASSWORD",
            "SPRING_DATA_REDIS_PASSWORD",
            "PROMPTLY_ADMIN_API_KEY",
            "OPENAI_API_KEY");

    assertThat(production.ofKind("Secret")).isEmpty();
    for (Map<String, Object> configMap : production.ofKind("ConfigMap")) {
      assertThat(YamlPath.map(configMap, "data"))
          .doesNotContainKeys(secretVariables.toArray(String[]::new));
    }
    for (String component : List.of("api", "worker")) {
      for (Object entry : YamlPath.list(production.container(component), "env")) {
        assertThat(YamlPath.string(entry, "valueFrom.secretKeyRef.name"))
            .as("%s %s", component, YamlPath.string(entry, "name"))
            .isNotBlank();
      }
    }
  }

  @Test
  void publishesTheApiOverTls() {
    Map<String, Object> ingress = production.get("Ingress", "promptly-api");

    assertThat(YamlPath.string(ingress, "spec.tls[0].hosts[0]")).isEqualTo("promptly.example.com");
    assertThat(YamlPath.string(ingress, "spec.rules[0].http.paths[0].backend.service.name"))
        .isEqualTo("promptly-api");
  }

  @Test
  void pullsTheImagesFromTheConfiguredRegistryAtAPinnedTag() {
    assertThat(YamlPath.string(production.container("api"), "image"))
        .isEqualTo("ghcr.io/acme/promptly/api-service:0.1.0");
    assertThat(YamlPath.string(production.container("worker"), "image"))
        .isEqualTo("ghcr.io/acme/promptly/worker-service:0.1.0");
  }

  @Test
  void everyResourceCarriesTheStandardLabels() {
    for (Map<String, Object> manifest : production.all()) {
      assertThat(YamlPath.map(manifest, "metadata.labels"))
          .as("%s", YamlPath.string(manifest, "metadata.name"))
          .containsKeys(
              "app.kubernetes.io/name",
              "app.kubernetes.io/instance",
              "app.kubernetes.io/component",
              "app.kubernetes.io/version",
              "app.kubernetes.io/managed-by",
              "helm.sh/chart");
    }
  }

  @Test
  void installNotesSayHowTheWorkersScaleAndHowToTestTheRelease() {
    String notes =
        new Helm(Repository.CHART)
            .install()
            .withName(RenderedChart.RELEASE)
            .withNamespace(RenderedChart.RELEASE)
            .withValuesFile(Repository.CHART.resolve("values-production.yaml"))
            .clientOnly()
            .dryRun()
            .call()
            .getOutput();

    assertThat(notes)
        .contains("https://promptly.example.com/")
        .contains("KEDA scales them on the queues promptly.jobs.ready")
        .contains("helm test promptly")
        .doesNotContain("WARNING");
  }
}
