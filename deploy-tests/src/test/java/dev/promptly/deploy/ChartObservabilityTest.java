package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Logging and tracing settings reach both services, and tracing exports only when asked to. */
class ChartObservabilityTest {
  private static final String OTLP = "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT";

  @Test
  void podsLogJsonAndExportNoTracesByDefault() {
    RenderedChart chart = RenderedChart.withDefaults();

    for (String component : new String[] {"api", "worker"}) {
      assertThat(chart.config(component))
          .containsEntry("PROMPTLY_LOG_FORMAT", "ecs")
          .containsEntry("PROMPTLY_TRACING_SAMPLING", "1")
          .doesNotContainKey(OTLP);
    }
  }

  @Test
  void anOtlpEndpointTurnsOnExportInBothServices() {
    String endpoint = "http://otel-collector.observability:4318/v1/traces";
    RenderedChart chart = RenderedChart.withTestValues("tracing.yaml");

    for (String component : new String[] {"api", "worker"}) {
      assertThat(chart.config(component))
          .containsEntry(OTLP, endpoint)
          .containsEntry("PROMPTLY_TRACING_SAMPLING", "0.25")
          .containsEntry("PROMPTLY_LOG_FORMAT", "");
    }
  }
}
