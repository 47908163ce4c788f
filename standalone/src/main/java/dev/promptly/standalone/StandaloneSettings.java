package dev.promptly.standalone;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the standalone process is told by its environment: the variables of {@code ./promptly up}
 * where they mean the same thing.
 *
 * @param home where the database, the broker's store, the keys and the logs live ({@code
 *     PROMPTLY_STANDALONE_DIR}, default {@code .promptly/standalone})
 * @param apiPort the API's port ({@code PROMPTLY_API_PORT}, 8080)
 * @param workerPort the worker's management port ({@code PROMPTLY_WORKER_PORT}, 8081)
 * @param emulatorPort the emulator's port ({@code PROMPTLY_EMULATOR_PORT}, 8090)
 * @param provider the real provider's base URL, when {@code OPENAI_BASE_URL} or {@code
 *     OPENAI_API_KEY} names one; empty: the emulator runs in this process and is the provider
 * @param workerConcurrency jobs the worker runs at once ({@code PROMPTLY_WORKER_CONCURRENCY}, 64
 *     here: each holds a broker channel, and one laptop process needs fewer than a worker pod)
 * @param redis whether {@code PROMPTLY_REDIS_HOST} or {@code PROMPTLY_REDIS_PORT} name a Redis to
 *     use; without, the services run with no Redis
 */
record StandaloneSettings(
    Path home,
    int apiPort,
    int workerPort,
    int emulatorPort,
    Optional<String> provider,
    int workerConcurrency,
    boolean redis) {

  static final String OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

  StandaloneSettings {
    home = home.toAbsolutePath().normalize();
  }

  static StandaloneSettings from(Map<String, String> environment) {
    Optional<String> provider =
        Optional.ofNullable(blankToNull(environment.get("OPENAI_BASE_URL")))
            .or(
                () ->
                    Optional.ofNullable(blankToNull(environment.get("OPENAI_API_KEY")))
                        .map(key -> OPENAI_DEFAULT_BASE_URL));
    return new StandaloneSettings(
        Path.of(environment.getOrDefault("PROMPTLY_STANDALONE_DIR", ".promptly/standalone")),
        number(environment, "PROMPTLY_API_PORT", 8080),
        number(environment, "PROMPTLY_WORKER_PORT", 8081),
        number(environment, "PROMPTLY_EMULATOR_PORT", 8090),
        provider,
        number(environment, "PROMPTLY_WORKER_CONCURRENCY", 64),
        blankToNull(environment.get("PROMPTLY_REDIS_HOST")) != null
            || blankToNull(environment.get("PROMPTLY_REDIS_PORT")) != null);
  }

  Path logs() {
    return home.resolve("logs");
  }

  private static int number(Map<String, String> environment, String name, int fallback) {
    String value = blankToNull(environment.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number from 1 to 65535: " + value);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
