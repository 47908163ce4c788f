package dev.promptly.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Connection details of the real Postgres, RabbitMQ and Redis one test run uses. Every run gets its
 * own database, vhost and Redis key prefix, so runs never see each other's data.
 */
public interface TestServices {
  String jdbcUrl();

  String databaseName();

  String databaseUser();

  String databasePassword();

  String rabbitHost();

  int rabbitPort();

  String rabbitVirtualHost();

  String rabbitUser();

  String rabbitPassword();

  String redisHost();

  int redisPort();

  /** Every Redis key of this run starts with this prefix. */
  String redisKeyPrefix();

  /**
   * Messages of this run's vhost delivered to a consumer and not acknowledged yet: what a test
   * reads to see that a worker holds a message until the job's state is committed. The management
   * API is not enabled on the shared broker, so only the local servers (through {@code
   * rabbitmqctl}) can tell.
   */
  default long unacknowledgedMessages() {
    throw new UnsupportedOperationException("unacknowledged messages are counted on local servers");
  }

  /** Spring Boot properties pointing a service at these servers. */
  default Map<String, String> springProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", jdbcUrl());
    properties.put("spring.datasource.username", databaseUser());
    properties.put("spring.datasource.password", databasePassword());
    properties.put("spring.rabbitmq.host", rabbitHost());
    properties.put("spring.rabbitmq.port", Integer.toString(rabbitPort()));
    properties.put("spring.rabbitmq.virtual-host", rabbitVirtualHost());
    properties.put("spring.rabbitmq.username", rabbitUser());
    properties.put("spring.rabbitmq.password", rabbitPassword());
    properties.put("spring.data.redis.host", redisHost());
    properties.put("spring.data.redis.port", Integer.toString(redisPort()));
    properties.put("promptly.redis.key-prefix", redisKeyPrefix());
    return properties;
  }

  /** The same properties as environment variables, for services started as processes. */
  default Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    springProperties()
        .forEach(
            (key, value) ->
                environment.put(key.toUpperCase().replace('.', '_').replace("-", ""), value));
    return environment;
  }

  /** Registers {@link #springProperties()} for a Spring test context. */
  default void register(DynamicPropertyRegistry registry) {
    springProperties().forEach((key, value) -> registry.add(key, () -> value));
  }
}
