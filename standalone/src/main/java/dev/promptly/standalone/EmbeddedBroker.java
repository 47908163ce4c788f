package dev.promptly.standalone;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;

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
    SystemLauncher launcher = new SystemLauncher();
    launcher.startup(attributes);
    return new EmbeddedBroker(launcher);
  }

  @Override
  public void close() {
    try {
      launcher.shutdown();
    } catch (IllegalStateException e) {
      // Broker-J's own shutdown hook stopped it first, when the JVM itself is going down.
    }
  }
}
