package dev.promptly.deploy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Which environment variables a service reads, taken from its {@code application.yml}: the ones
 * named in {@code ${NAME:default}} placeholders, plus the relaxed-binding form ({@code
 * SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE}) of properties the file sets.
 */
final class ServiceSettings {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

  /** Read by the {@code java} launcher itself, not by Spring. */
  private static final Set<String> JVM_VARIABLES = Set.of("JDK_JAVA_OPTIONS");

  /** Spring Boot properties that application.yml leaves at their defaults but a deployment sets. */
  private static final Set<String> BOOT_PROPERTIES =
      Set.of(
          "spring.data.redis.password",
          "spring.data.redis.ssl.enabled",
          "spring.data.redis.sentinel.master",
          "spring.data.redis.sentinel.nodes",
          "spring.rabbitmq.addresses",
          "spring.flyway.url",
          // Only set when traces are exported: set at all, even empty, it turns the exporter on.
          "management.opentelemetry.tracing.export.otlp.endpoint");

  private final String module;
  private final Set<String> placeholders = new HashSet<>();
  private final Set<String> properties = new HashSet<>();

  private ServiceSettings(String module, String applicationYml) {
    this.module = module;
    Matcher matcher = PLACEHOLDER.matcher(applicationYml);
    while (matcher.find()) {
      placeholders.add(matcher.group(1));
    }
    Object tree = new Yaml().load(applicationYml);
    flatten("", tree);
    BOOT_PROPERTIES.forEach(p -> properties.add(canonical(p)));
  }

  static ServiceSettings of(String module) {
    return new ServiceSettings(
        module, Repository.read(module + "/src/main/resources/application.yml"));
  }

  /** Whether setting this environment variable changes something in the service. */
  boolean reads(String variable) {
    if (placeholders.contains(variable) || JVM_VARIABLES.contains(variable)) {
      return true;
    }
    // Relaxed binding: SPRING_A_BC binds spring.a.bc, and dashes in property names are ignored.
    return (variable.startsWith("SPRING_") || variable.startsWith("MANAGEMENT_"))
        && properties.contains(canonical(variable.toLowerCase(Locale.ROOT).replace('_', '.')));
  }

  String module() {
    return module;
  }

  private void flatten(String prefix, Object node) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> flatten(prefix.isEmpty() ? "" + key : prefix + "." + key, value));
    } else {
      properties.add(canonical(prefix));
    }
  }

  private static String canonical(String property) {
    return property.replace("-", "").toLowerCase(Locale.ROOT);
  }
}
