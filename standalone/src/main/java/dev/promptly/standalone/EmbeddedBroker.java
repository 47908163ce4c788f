package dev.promptly.standalone;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.SystemConfig;

/**
 * An AMQP 0-9-1 broker in this JVM (Apache Qpid Broker-J) on 127.0.0.1, user guest/guest, one
 * virtual host {@code promptly} whose queues and persistent messages live in an embedded Derby
 * store under {@code <home>/derby}, kept across restarts. Its own settings come from {@code
 * promptly-broker.json} (copied to {@code <home>}) at every start (a memory system store), so the
 * port may change.
 */
final class EmbeddedBroker implements AutoCloseable {
  static final String VIRTUAL_HOST = "promptly";

  private final SystemLauncher launcher;

  private EmbeddedBroker(SystemLauncher launcher) {
    this.launcher = launcher;
  }

  static EmbeddedBroker start(Path home, Path logs, int port) throws Exception {
    Files.createDirectories(home);
    Files.createDirectories(logs);
    // Derby writes derby.log into the working directory unless told otherwise.
    System.setProperty("derby.stream.error.file", logs.resolve("derby.log").toString());
    Map<String, String> context = new HashMap<>();
    context.put("qpid.work_dir", home.toString());
    context.put("qpid.amqp_port", Integer.toString(port));
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("type", "Memory");
    Path configuration = home.resolve("promptly-broker.json");
    try (InputStream in = EmbeddedBroker.class.getResourceAsStream("/promptly-broker.json")) {
      Files.copy(in, configuration, StandardCopyOption.REPLACE_EXISTING);
    }
    attributes.put("initialConfigurationLocation", configuration.toUri().toString());
    // Its default locations are classpath: URLs, which only its own command-line launcher reads.
    Path systemProperties = home.resolve("system.properties");
    if (!Files.exists(systemProperties)) {
      Files.createFile(systemProperties);
    }
    attributes.put("initialSystemPropertiesLocation", systemProperties.toUri().toString());
    attributes.put("startupLoggedToSystemOut", false);
    attributes.put("context", context);
    ContainerHolder container = new ContainerHolder();
    SystemLauncher launcher = new SystemLauncher(container);
    launcher.startup(attributes);
    removeShutdownHook(container.config);
    return new EmbeddedBroker(launcher);
  }

  /**
   * Broker-J stops itself from a JVM shutdown hook of its own, which runs beside the standalone
   * one: it would close the broker under the worker while the worker finishes its jobs. The
   * standalone shutdown stops the broker itself, after the services; the hook is a private field,
   * so it is removed by reflection, and when that fails the broker just stops early as before.
   */
  private static void removeShutdownHook(SystemConfig<?> config) {
    try {
      Object broker = config.getContainer();
      for (Class<?> type = broker.getClass(); type != null; type = type.getSuperclass()) {
        try {
          Field hook = type.getDeclaredField("_shutdownHook");
          hook.setAccessible(true);
          Runtime.getRuntime().removeShutdownHook((Thread) hook.get(broker));
          return;
        } catch (NoSuchFieldException e) {
          // look in the superclass
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("promptly standalone: the broker keeps its own shutdown hook: " + e);
    }
  }

  /** Keeps the broker's system configuration, through which its container is reached. */
  private static final class ContainerHolder
      extends SystemLauncherListener.DefaultSystemLauncherListener {
    private volatile SystemConfig<?> config;

    @Override
    public void onContainerResolve(SystemConfig<?> config) {
      this.config = config;
    }
  }

  @Override
  public void close() {
    try {
      launcher.shutdown();
    } catch (IllegalStateException e) {
      // Already stopped (its own shutdown hook ran, when it could not be removed).
    }
  }
}
