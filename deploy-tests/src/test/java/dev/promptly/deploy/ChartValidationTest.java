package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Helm's own checks: lint, the values schema, and the chart's refusals of unsafe settings. */
class ChartValidationTest {

  @Test
  void chartPassesStrictLint() {
    LintResult result = new Helm(Repository.CHART).lint().strict().call();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void everyExampleValuesFileRenders() {
    for (Path values :
        List.of(
            Repository.CHART.resolve("values-production.yaml"),
            RenderedChart.testValues("keda.yaml"),
            RenderedChart.testValues("hpa-fallback.yaml"),
            RenderedChart.testValues("ingress.yaml"),
            RenderedChart.testValues("with-secrets.yaml"))) {

      RenderedChart chart = RenderedChart.withValuesFile(values);

      assertThat(chart.ofKind("Deployment")).as("%s", values).hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void schemaRejectsAMisspelledTopLevelKey() {
    assertThatThrownBy(() -> render(Map.of("wroker.replicaCount", 3)))
        .hasMessageContaining("Additional property wroker is not allowed");
  }

  @Test
  void schemaRejectsAnLlmTimeoutTheApiWouldNeverAccept() {
    assertThatThrownBy(() -> render(Map.of("worker.llmTimeoutSeconds", 601)))
        .hasMessageContaining("worker.llmTimeoutSeconds");
  }

  @Test
  void schemaRejectsAQueueThatIsNotAJobQueue() {
    assertThatThrownBy(() -> render(Map.of("worker.autoscaling.keda.queues[0]", "jobs.normal")))
        .hasMessageContaining("worker.autoscaling.keda.queues.0");
  }

  @Test
  void chartRefusesAShutdownGraceShorterThanTheLlmTimeout() {
    assertThatThrownBy(() -> render(Map.of("worker.shutdownGraceSeconds", 60)))
        .hasMessageContaining("worker.shutdownGraceSeconds (60) must be at least");
  }

  @Test
  void chartRefusesKedaWithoutRabbitMqCredentials() {
    assertThatThrownBy(() -> render(Map.of("worker.autoscaling.keda.enabled", true)))
        .hasMessageContaining("worker.autoscaling.keda needs rabbitmq.existingSecret");
  }

  private static String render(Map<String, Object> settings) {
    return RenderedChart.template(Repository.CHART, List.of(), settings);
  }
}
