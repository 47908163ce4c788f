package dev.promptly.deploy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The repository's docker-compose.yml, parsed; YAML anchors and merge keys are resolved. */
final class ComposeFile {

  /** {@code ${NAME}}, {@code ${NAME:-default}} or {@code ${NAME:?error}}. */
  static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?}");

  final String text;
  final Map<String, Object> tree;

  ComposeFile() {
    text = Repository.read("docker-compose.yml");
    tree = new Yaml().load(text);
  }

  Map<String, Object> services() {
    return YamlPath.map(tree, "services");
  }

  Map<String, Object> service(String name) {
    return YamlPath.map(services(), name);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> environment(String service) {
    Object environment = service(service).get("environment");
    return environment == null ? Map.of() : (Map<String, Object>) environment;
  }

  /** A value with every {@code ${NAME:-default}} replaced by its default (others by nothing). */
  static String withDefaults(String value) {
    Matcher matcher = VARIABLE.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      boolean hasDefault = matcher.group(2) != null && matcher.group(2).endsWith("-");
      matcher.appendReplacement(
          resolved, Matcher.quoteReplacement(hasDefault ? matcher.group(3) : ""));
    }
    matcher.appendTail(resolved);
    return resolved.toString();
  }
}
