package dev.promptly.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/** Throwaway Postgres, RabbitMQ and Redis containers for one test run. */
record ContainerTestServices(
    String jdbcUrl,
    String databaseName,
    String databaseUser,
    String databasePassword,
    String rabbitHost,
    int rabbitPort,
    String rabbitVirtualHost,
    String rabbitUser,
    String rabbitPassword,
    String redisHost,
    int redisPort,
    String redisKeyPrefix)
    implements TestServices {

  @SuppressWarnings("resource") // Ryuk removes the containers when the JVM exits.
  static ContainerTestServices start() {
    PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:15-alpine");
    RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:3.13-alpine");
    GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
    postgres.start();
    rabbit.start();
    redis.start();
    return new ContainerTestServices(
        postgres.getJdbcUrl(),
        postgres.getDatabaseName(),
        postgres.getUsername(),
        postgres.getPassword(),
        rabbit.getHost(),
        rabbit.getAmqpPort(),
        "/",
        rabbit.getAdminUsername(),
        rabbit.getAdminPassword(),
        redis.getHost(),
        redis.getMappedPort(6379),
        "promptly-test:");
  }
}
