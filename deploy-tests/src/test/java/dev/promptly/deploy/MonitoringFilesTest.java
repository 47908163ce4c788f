package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.testsupport.MonitoringQueries;
import dev.promptly.testsupport.MonitoringQueries.Query;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the Prometheus alert rules: well-formed, wired into Compose, and every
 * PromQL expression accepted by Prometheus's grammar. That the metrics they read are really
 * exported is checked against live services by the e2e {@code ObservabilityIT}.
 */
class MonitoringFilesTest {
  /** Series Prometheus makes itself, not the services. */
  private static final Set<String> FROM_PROMETHEUS = Set.of("up");

  @Test
  void dashboardIsJsonWithAQueryInEveryPanelOnTheProvisionedDataSource() {
    List<Path> dashboards = MonitoringQueries.dashboards(Repository.ROOT);
    assertThat(dashboards).isNotEmpty();
    for (Path dashboard : dashboards) {
      Map<String, Object> json =
          new Yaml().load(Repository.read(Repository.ROOT.relativize(dashboard).toString()));
      assertThat(json).containsKeys("uid", "title", "panels");
      for (Map<String, Object> panel : maps(json.get("panels"))) {
        if ("row".equals(panel.get("type"))) {
          continue;
        }
        assertThat(YamlPath.list(panel, "targets")).as("%s", panel.get("title")).isNotEmpty();
        assertThat(YamlPath.string(YamlPath.map(panel, "datasource"), "uid"))
            .isEqualTo("promptly-prometheus");
      }
    }
    Map<String, Object> datasources =
        new Yaml().load(Repository.read("deploy/grafana/provisioning/datasources/prometheus.yml"));
    assertThat(YamlPath.string(YamlPath.list(datasources, "datasources").getFirst(), "uid"))
        .isEqualTo("promptly-prometheus");
  }

  @Test
  void everyAlertHasADelayASeverityAndASummary() {
    Map<String, Object> rules = new Yaml().load(Repository.read("deploy/prometheus/alerts.yml"));
    List<Map<String, Object>> alerts =
        maps(YamlPath.asMap(YamlPath.list(rules, "groups").getFirst(), "group").get("rules"));

    assertThat(alerts)
        .extracting(rule -> rule.get("alert"))
        .contains(
            "PromptlyQueueBacklogGrowing",
            "PromptlyJobFailureRateHigh",
            "PromptlyLlmErrorRateHigh",
            "PromptlyProviderCircuitOpen",
            "PromptlyOutboxStuck",
            "PromptlyBudgetNearLimit");
    for (Map<String, Object> alert : alerts) {
      assertThat(alert).as("%s", alert.get("alert")).containsKeys("expr", "for");
      assertThat(YamlPath.map(alert, "labels")).containsKey("severity");
      assertThat(YamlPath.map(alert, "annotations")).containsKey("summary");
    }
  }

  @Test
  void prometheusLoadsTheRulesThatComposeMounts() {
    Map<String, Object> config =
        new Yaml().load(Repository.read("deploy/prometheus/prometheus.yml"));
    ComposeFile compose = new ComposeFile();

    assertThat(YamlPath.list(config, "rule_files")).containsExactly("/etc/prometheus/alerts.yml");
    assertThat(YamlPath.list(compose.service("prometheus"), "volumes"))
        .contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
  }

  @Test
  void grafanaProvisionsTheDashboardsThatComposeMounts() {
    Map<String, Object> provider =
        new Yaml().load(Repository.read("deploy/grafana/provisioning/dashboards/promptly.yml"));
    String path =
        YamlPath.string(
            YamlPath.map(YamlPath.list(provider, "providers").getFirst(), "options"), "path");

    assertThat(YamlPath.list(new ComposeFile().service("grafana"), "volumes"))
        .contains("./deploy/grafana/dashboards:" + path + ":ro");
  }

  @Test
  void everyExpressionParsesAndReadsPromptlyOrSpringMetrics() {
    Assumptions.assumeTrue(
        MonitoringQueries.nodeAvailable(), "node is not installed: skipping the PromQL parse");

    List<Query> queries = MonitoringQueries.parse(Repository.ROOT);

    assertThat(queries).hasSizeGreaterThan(20);
    assertThat(queries)
        .allSatisfy(
            query -> {
              assertThat(query.errors()).as("%s: %s", query.source(), query.expr()).isEmpty();
              assertThat(query.metrics()).as("%s: %s", query.source(), query.expr()).isNotEmpty();
            });
    assertThat(MonitoringQueries.metricsOf(queries))
        .allMatch(
            metric ->
                metric.startsWith("promptly_")
                    || metric.startsWith("http_server_requests_seconds")
                    || FROM_PROMETHEUS.contains(metric));
  }

  @Test
  void aBrokenExpressionIsReportedWithTheMetricsItDoesRead() {
    Assumptions.assumeTrue(MonitoringQueries.nodeAvailable(), "node is not installed");

    // The grammar recovers from errors, so a broken query must show as errors, not as nothing.
    List<Query> parsed =
        MonitoringQueries.parse(
            Repository.ROOT,
            List.of(
                Map.of("source", "broken", "expr", "sum(rate(promptly_jobs_submitted_total[5m])"),
                Map.of("source", "fine", "expr", "max by (queue) (promptly_queue_depth)")));

    assertThat(parsed.get(0).errors()).isNotEmpty();
    assertThat(parsed.get(0).metrics()).containsExactly("promptly_jobs_submitted_total");
    assertThat(parsed.get(1).errors()).isEmpty();
    assertThat(parsed.get(1).metrics()).containsExactly("promptly_queue_depth");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object list) {
    return (List<Map<String, Object>>) list;
  }
}
