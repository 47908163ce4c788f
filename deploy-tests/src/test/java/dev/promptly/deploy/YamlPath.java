package dev.promptly.deploy;

import java.util.List;
import java.util.Map;

/**
 * Reads parsed YAML (maps and lists) by a path such as {@code spec.template.spec.containers[0]}.
 */
final class YamlPath {

  private YamlPath() {}

  /** The value at the path, or null when any step is missing. */
  static Object at(Object root, String path) {
    Object current = root;
    for (String step : path.split("\\.")) {
      int bracket = step.indexOf('[');
      String key = bracket < 0 ? step : step.substring(0, bracket);
      if (!key.isEmpty()) {
        current = current instanceof Map<?, ?> map ? map.get(key) : null;
      }
      if (bracket >= 0 && current != null) {
        int index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
        current = current instanceof List<?> list && index < list.size() ? list.get(index) : null;
      }
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  static Map<String, Object> map(Object root, String path) {
    return asMap(at(root, path), path);
  }

  /** A list element or other parsed node that must be a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object node, String what) {
    if (!(node instanceof Map<?, ?>)) {
      throw new AssertionError("no map at " + what + ": " + node);
    }
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object root, String path) {
    Object value = at(root, path);
    if (!(value instanceof List<?>)) {
      throw new AssertionError("no list at " + path + " in " + root);
    }
    return (List<Object>) value;
  }

  static String string(Object root, String path) {
    Object value = at(root, path);
    return value == null ? null : String.valueOf(value);
  }
}
