package dev.promptly.standalone;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line each service gets in the standalone process: the bundled database, the embedded
 * broker, the ports and keys, and, without Redis, the settings of a platform that has none.
 * Command-line arguments outrank the environment, so a {@code PROMPTLY_DB_URL} left in the shell
 * does not send a service elsewhere.
 *
 * @param noRedisPort a local port nothing listens on, given as the Redis address when there is no
 *     Redis: every Redis use then takes the path it takes while Redis is down, at once (connection
 *     refused) instead of after a timeout; 0 when a real Redis is configured
 */
record ServiceArguments(
    StandaloneSettings settings,
    String jdbcUrl,
    int brokerPort,
    StandaloneKeys keys,
    int noRedisPort) {

  String[] of(String service) {
    List<String> arguments = new ArrayList<>();
    switch (service) {
      case "emulator" -> arguments.add("--server.port=" + settings.emulatorPort());
      case "api" -> {
        arguments.add("--server.port=" + settings.apiPort());
        arguments.add("--promptly.auth.admin-api-key=" + keys.adminKey());
        arguments.add("--promptly.dev.api-key=" + keys.devKey());
        platform(arguments, "readinessState,db,rabbit");
        if (noRedisPort != 0) {
          // Live events: without Redis pub/sub a stream learns of changes from its re-read of
          // Postgres, which then comes every second instead of every 15 s.
          arguments.add("--promptly.events.heartbeat=1s");
          // Rate limits: the one API instance keeps the tenants' buckets in its memory.
          arguments.add("--promptly.ratelimit.local-fallback=true");
        }
      }
      case "worker" -> {
        arguments.add("--server.port=" + settings.workerPort());
        arguments.add(
            "--promptly.llm.base-url="
                + settings
                    .provider()
                    .orElse("http://127.0.0.1:" + settings.emulatorPort() + "/v1"));
        // One process on a laptop: fewer idle connections than a worker pod keeps.
        arguments.add("--spring.datasource.hikari.minimum-idle=2");
        arguments.add("--promptly.worker.concurrency=" + settings.workerConcurrency());
        platform(arguments, "readinessState,db,rabbit,providerCircuits");
      }
      default -> throw new IllegalArgumentException("no service " + service);
    }
    return arguments.toArray(String[]::new);
  }

  private void platform(List<String> arguments, String readinessWithoutRedis) {
    arguments.add("--spring.profiles.active=dev");
    arguments.add("--spring.datasource.url=" + jdbcUrl);
    arguments.add("--spring.datasource.username=" + BundledPostgres.USER);
    arguments.add("--spring.datasource.password=");
    arguments.add("--spring.rabbitmq.host=127.0.0.1");
    arguments.add("--spring.rabbitmq.port=" + brokerPort);
    arguments.add("--spring.rabbitmq.username=guest");
    arguments.add("--spring.rabbitmq.password=guest");
    arguments.add("--spring.rabbitmq.virtual-host=" + EmbeddedBroker.VIRTUAL_HOST);
    if (noRedisPort != 0) {
      arguments.add("--spring.data.redis.host=127.0.0.1");
      arguments.add("--spring.data.redis.port=" + noRedisPort);
      arguments.add("--management.health.redis.enabled=false");
      arguments.add(
          "--management.endpoint.health.group.readiness.include=" + readinessWithoutRedis);
    }
  }
}
