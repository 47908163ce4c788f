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
 *     Redis (beside {@code promptly.redis.enabled=false}); 0 when a real Redis is configured
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
        platform(arguments);
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
        platform(arguments);
      }
      default -> throw new IllegalArgumentException("no service " + service);
    }
    return arguments.toArray(String[]::new);
  }

  private void platform(List<String> arguments) {
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
      // No Redis: every Redis-backed feature takes its fallback from the start (status cache and
      // live events through Postgres, rate limits in memory, no result cache), with no Redis
      // health check. Its address is a closed port all the same, so a use that slipped through
      // fails at once instead of reaching a Redis that happens to run here.
      arguments.add("--promptly.redis.enabled=false");
      arguments.add("--spring.data.redis.host=127.0.0.1");
      arguments.add("--spring.data.redis.port=" + noRedisPort);
    }
  }
}
