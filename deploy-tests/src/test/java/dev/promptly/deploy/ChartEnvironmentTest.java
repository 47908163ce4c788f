package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every variable the chart sets is one the service reads: a typo would be silently ignored. */
class ChartEnvironmentTest {

  private final RenderedChart chart = RenderedChart.withTestValues("with-secrets.yaml");
  private final RenderedChart production =
      RenderedChart.withValuesFile(Repository.CHART.resolve("values-production.yaml"));

  @Test
  void apiReadsEveryVariableTheChartSets() {
    ServiceSettings api = ServiceSettings.of("api-service");

    assertThat(variables(chart, "api")).isNotEmpty().allMatch(api::reads);
    assertThat(variables(production, "api")).allMatch(api::reads);
  }

  @Test
  void workerReadsEveryVariableTheChartSets() {
    ServiceSettings worker = ServiceSettings.of("worker-service");

    assertThat(variables(chart, "worker")).isNotEmpty().allMatch(worker::reads);
    assertThat(variables(production, "worker")).allMatch(worker::reads);
  }

  @Test
  void theCheckRejectsAVariableNoServiceReads() {
    ServiceSettings worker = ServiceSettings.of("worker-service");

    assertThat(worker.reads("PROMPTLY_WORKER_CONCURENCY")).isFalse();
    assertThat(worker.reads("SPRING_LIFECYCLE_TIMEOUT")).isFalse();
    assertThat(worker.reads("PROMPTLY_WORKER_CONCURRENCY")).isTrue();
  }

  @Test
  void bothServicesGetTheSameConnectionSettings() {
    Map<String, Object> api = chart.config("api");
    Map<String, Object> worker = chart.config("worker");

    for (String name : api.keySet()) {
      boolean connection =
          name.startsWith("PROMPTLY_DB_")
              || name.startsWith("PROMPTLY_RABBIT_")
              || name.startsWith("PROMPTLY_REDIS_");
      // Pool sizes are per process: each service sizes its own.
      if (connection && !name.contains("_POOL_")) {
        assertThat(worker).as(name).containsEntry(name, api.get(name));
      }
    }
  }

  private static List<String> variables(RenderedChart chart, String component) {
    List<String> names = new ArrayList<>(chart.config(component).keySet());
    Object env = chart.container(component).get("env");
    if (env instanceof List<?> entries) {
      entries.forEach(e -> names.add(YamlPath.string(e, "name")));
    }
    return names;
  }
}
