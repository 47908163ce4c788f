package dev.promptly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WebhookPropertiesTest {

  @Test
  void defaultsFollowTheApiContract() {
    WebhookProperties properties = bind(Map.of());

    assertThat(properties.enabled()).isTrue();
    assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(properties.retrySchedule())
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));
    assertThat(properties.allowPrivateTargets()).isFalse();
    assertThat(properties.secretRotationOverlap()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void scheduleBindsFromACommaSeparatedValue() {
    WebhookProperties properties = bind(Map.of("promptly.webhooks.retry-schedule", "1s, 2s, 4s"));

    assertThat(properties.retrySchedule())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void leaseNoLongerThanTheTimeoutIsRefused() {
    assertThatThrownBy(
            () ->
                bind(Map.of("promptly.webhooks.timeout", "30s", "promptly.webhooks.lease", "30s")))
        .hasStackTraceContaining("lease must be longer than the timeout");
  }

  private static WebhookProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("promptly.webhooks", WebhookProperties.class);
  }
}
