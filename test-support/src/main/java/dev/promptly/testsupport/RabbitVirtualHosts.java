package dev.promptly.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates and deletes RabbitMQ vhosts with {@code rabbitmqctl}. AMQP itself cannot create a vhost,
 * and the management plugin is not enabled on the shared broker.
 */
final class RabbitVirtualHosts {
  private RabbitVirtualHosts() {}

  static void create(String vhost, String user) {
    run("add_vhost", vhost);
    run("set_permissions", "-p", vhost, user, ".*", ".*", ".*");
  }

  static void delete(String vhost) {
    try {
      run("delete_vhost", vhost);
    } catch (IllegalStateException e) {
      System.err.println("could not delete test vhost " + vhost + ": " + e.getMessage());
    }
  }

  /** Messages delivered to a consumer and not yet acknowledged, over every queue of the vhost. */
  static long unacknowledged(String vhost) {
    String listing =
        run("list_queues", "-p", vhost, "messages_unacknowledged", "--quiet", "--no-table-headers");
    return listing
        .lines()
        .map(String::strip)
        .filter(line -> line.matches("\\d+"))
        .mapToLong(Long::parseLong)
        .sum();
  }

  private static String run(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(rabbitmqctl());
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run rabbitmqctl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running rabbitmqctl", e);
    }
  }

  private static String rabbitmqctl() {
    String configured = System.getenv("PROMPTLY_TEST_RABBITMQCTL");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String candidate : List.of("/usr/sbin/rabbitmqctl", "/usr/lib/rabbitmq/bin/rabbitmqctl")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "rabbitmqctl";
  }
}
