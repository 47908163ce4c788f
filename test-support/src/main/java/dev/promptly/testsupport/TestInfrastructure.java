package dev.promptly.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses where integration tests find their servers, once per JVM: Testcontainers when a Docker
 * engine answers, otherwise the Postgres, RabbitMQ and Redis running on this machine. Set {@code
 * PROMPTLY_TEST_SERVICES=local} or {@code containers} to force one.
 */
public final class TestInfrastructure {
  private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
  private static volatile TestServices shared;

  private TestInfrastructure() {}

  /** The servers of this test run, started or prepared on first use. */
  public static TestServices shared() {
    TestServices services = shared;
    if (services == null) {
      synchronized (TestInfrastructure.class) {
        if (shared == null) {
          shared = start();
        }
        services = shared;
      }
    }
    return services;
  }

  private static TestServices start() {
    String forced = System.getenv("PROMPTLY_TEST_SERVICES");
    boolean containers = forced != null ? forced.equals("containers") : dockerAvailable();
    if (containers) {
      log.info("integration tests use Testcontainers");
      return ContainerTestServices.start();
    }
    log.info("no Docker engine: integration tests use the local servers, isolated per run");
    return LocalTestServices.prepare();
  }

  private static boolean dockerAvailable() {
    // Without a socket or DOCKER_HOST there is nothing to find; asking Testcontainers anyway only
    // logs an alarming error.
    boolean hasSocket = Files.exists(Path.of("/var/run/docker.sock"));
    if (!hasSocket && System.getenv("DOCKER_HOST") == null) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | Error e) {
      return false;
    }
  }
}
