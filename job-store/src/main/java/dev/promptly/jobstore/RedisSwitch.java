package dev.promptly.jobstore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * What {@code promptly.redis.enabled=false} means for Spring's own settings, in one place: no Redis
 * health indicator (so health and readiness do not report a Redis that is meant to be absent), and
 * live job events over Postgres unless {@code promptly.events.transport} says otherwise. Runs after
 * the configuration files are read, so the switch may come from any of them, the environment
 * ({@code PROMPTLY_REDIS_ENABLED}) or the command line.
 */
public class RedisSwitch implements EnvironmentPostProcessor, Ordered {
  static final String SOURCE = "promptlyWithoutRedis";
  private static final String READINESS = "management.endpoint.health.group.readiness.include";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Binder binder = Binder.get(environment);
    if (binder.bind("promptly.redis.enabled", Boolean.class).orElse(true)) {
      return;
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("management.health.redis.enabled", "false");
    List<String> readiness =
        new ArrayList<>(binder.bind(READINESS, Bindable.listOf(String.class)).orElse(List.of()));
    if (readiness.removeIf(member -> member.trim().equals("redis"))) {
      settings.put(READINESS, String.join(",", readiness));
    }
    if (!environment.containsProperty("promptly.events.transport")) {
      settings.put("promptly.events.transport", "postgres");
    }
    environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, settings));
  }

  @Override
  public int getOrder() {
    // After ConfigDataEnvironmentPostProcessor, which reads application.yml.
    return Ordered.LOWEST_PRECEDENCE;
  }
}
