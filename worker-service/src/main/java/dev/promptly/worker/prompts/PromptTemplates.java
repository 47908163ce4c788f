package dev.promptly.worker.prompts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;

/**
 * Prompt texts kept as classpath resources under {@code prompts/}, with {@code {name}}
 * placeholders. Substitution is one pass over the template, so a placeholder-like string inside a
 * user's text is left alone.
 */
final class PromptTemplates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  private final Map<String, String> templates = new HashMap<>();

  /** Loads the named templates now, so that a missing one fails startup rather than a job. */
  PromptTemplates(Iterable<String> names) {
    for (String name : names) {
      templates.put(name, load(name));
    }
  }

  String render(String name, Map<String, String> values) {
    String template = templates.get(name);
    if (template == null) {
      throw new IllegalArgumentException("no prompt template " + name);
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder rendered = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "template " + name + " needs a value for " + matcher.group());
      }
      matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(rendered);
    return rendered.toString();
  }

  private static String load(String name) {
    ClassPathResource resource = new ClassPathResource("prompts/" + name + ".txt");
    try {
      return resource.getContentAsString(StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt template " + resource.getPath(), e);
    }
  }
}
