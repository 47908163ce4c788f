package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class RedisSwitchTest {
  private static final String READINESS = "management.endpoint.health.group.readiness.include";

  @Test
  void withoutRedisTheHealthCheckIsOffAndReadinessLeavesRedisOut() {
    StandardEnvironment environment =
        environment(
            Map.of("promptly.redis.enabled", "false", READINESS, "readinessState,db,rabbit,redis"));

    new RedisSwitch().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("management.health.redis.enabled")).isEqualTo("false");
    assertThat(environment.getProperty(READINESS)).isEqualTo("readinessState,db,rabbit");
  }

  @Test
  void withoutRedisLiveEventsGoThroughPostgres() {
    StandardEnvironment environment = environment(Map.of("promptly.redis.enabled", "false"));

    new RedisSwitch().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("promptly.events.transport")).isEqualTo("postgres");
  }

  @Test
  void anExplicitTransportIsKept() {
    StandardEnvironment environment =
        environment(
            Map.of("promptly.redis.enabled", "false", "promptly.events.transport", "redis"));

    new RedisSwitch().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("promptly.events.transport")).isEqualTo("redis");
  }

  @Test
  void withRedisNothingChanges() {
    StandardEnvironment environment = environment(Map.of(READINESS, "db,redis"));

    new RedisSwitch().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getPropertySources().contains(RedisSwitch.SOURCE)).isFalse();
    assertThat(environment.getProperty(READINESS)).isEqualTo("db,redis");
  }

  private static StandardEnvironment environment(Map<String, Object> settings) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
    return environment;
  }
}
