package dev.promptly.api;

import dev.promptly.testsupport.TestInfrastructure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another API instance in this JVM, on the test run's own database, vhost and key prefix (as the
 * test context), for tests of what replicas share. Close it when the class is done.
 */
public final class SecondApiInstance implements AutoCloseable {
  private final ConfigurableApplicationContext context;

  private SecondApiInstance(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** Starts one on a free port; {@code settings} add to or replace the shared servers' ones. */
  public static SecondApiInstance start(Map<String, String> settings) {
    Map<String, String> properties =
        new LinkedHashMap<>(TestInfrastructure.shared().springProperties());
    properties.put("server.port", "0");
    properties.put("promptly.auth.admin-api-key", ApiIntegrationTest.ADMIN_KEY);
    properties.put("spring.main.banner-mode", "off");
    properties.putAll(settings);
    String[] arguments =
        properties.entrySet().stream()
            .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
            .toArray(String[]::new);
    return new SecondApiInstance(
        new SpringApplicationBuilder(PromptlyApiApplication.class).run(arguments));
  }

  public int port() {
    return context.getEnvironment().getRequiredProperty("local.server.port", int.class);
  }

  @Override
  public void close() {
    context.close();
  }
}
