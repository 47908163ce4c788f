package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pods {@code helm test} runs. Helm's template action leaves hooks out of its manifest, so the
 * pods are rendered from a copy of the chart whose test templates lack the hook annotation.
 */
class HelmTestPodsTest {

  private static final Path TESTS = Path.of("templates", "tests");

  @TempDir static Path copies;

  private static Path unhooked;

  @BeforeAll
  static void copyChartWithoutTestHooks() throws IOException {
    unhooked = copies.resolve("promptly");
    try (Stream<Path> files = Files.walk(Repository.CHART)) {
      for (Path source : files.toList()) {
        Path target = unhooked.resolve(Repository.CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (source.startsWith(Repository.CHART.resolve(TESTS))) {
          Files.writeString(target, withoutHookAnnotations(Files.readString(source)));
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  @Test
  void everyTestTemplateIsAHelmTestHook() throws IOException {
    try (Stream<Path> templates = Files.list(Repository.CHART.resolve(TESTS))) {
      assertThat(templates.toList())
          .hasSize(2)
          .allSatisfy(t -> assertThat(Files.readString(t)).contains("helm.sh/hook: test"));
    }
  }

  @Test
  void healthTestCallsBothProbesThroughTheApiService() {
    Map<String, Object> pod = pod(List.of(), "promptly-test-health");

    String script = script(pod);

    assertThat(script)
        .contains("http://promptly-api:80")
        .contains("for probe in liveness readiness");
    assertThat(YamlPath.string(pod, "spec.restartPolicy")).isEqualTo("Never");
  }

  @Test
  void submitJobTestIsLeftOutWithoutTheAdminKey() {
    RenderedChart chart = RenderedChart.render(unhooked, List.of(), Map.of());

    assertThat(chart.find("Pod", "promptly-test-submit-job")).isEmpty();
  }

  @Test
  void submitJobTestSubmitsAJobAndWaitsForItsResult() {
    Map<String, Object> pod =
        pod(List.of(RenderedChart.testValues("with-secrets.yaml")), "promptly-test-submit-job");

    String script = script(pod);

    assertThat(YamlPath.string(pod, "spec.containers[0].env[0].valueFrom.secretKeyRef.name"))
        .isEqualTo("promptly-keys");
    assertThat(script)
        .contains("\"$api/v1/admin/tenants\"")
        .contains("-X POST \"$api/v1/jobs\"")
        .contains("?wait=60")
        .contains("succeeded) exit 0")
        .contains("-X DELETE \"$api/v1/admin/api-keys/$key_id\"")
        .doesNotContain("echo \"$key\"")
        .doesNotContain("set -x");
  }

  @Test
  void testPodsRunAsNonRootWithoutAServiceAccountToken() {
    RenderedChart chart =
        RenderedChart.render(
            unhooked, List.of(RenderedChart.testValues("with-secrets.yaml")), Map.of());

    assertThat(chart.ofKind("Pod"))
        .hasSize(2)
        .allSatisfy(
            pod -> {
              assertThat(YamlPath.at(pod, "spec.securityContext.runAsNonRoot")).isEqualTo(true);
              assertThat(YamlPath.at(pod, "spec.automountServiceAccountToken")).isEqualTo(false);
              assertThat(YamlPath.string(pod, "spec.containers[0].image"))
                  .doesNotEndWith(":latest");
            });
  }

  private static Map<String, Object> pod(List<Path> values, String name) {
    return RenderedChart.render(unhooked, values, Map.of()).get("Pod", name);
  }

  private static String script(Map<String, Object> pod) {
    return YamlPath.list(pod, "spec.containers[0].args").stream()
        .map(String::valueOf)
        .collect(Collectors.joining("\n"));
  }

  private static String withoutHookAnnotations(String template) {
    return template
        .lines()
        .filter(line -> !line.contains("helm.sh/hook"))
        .map(line -> line.strip().equals("annotations:") ? "" : line)
        .collect(Collectors.joining("\n"));
  }
}
