package dev.promptly.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Every PromQL expression of the shipped monitoring files (the Grafana dashboards in {@code
 * deploy/grafana/dashboards/} and the alert rules in {@code deploy/prometheus/alerts.yml}), parsed
 * by Prometheus's own grammar ({@code @prometheus-io/lezer-promql}, pinned in {@code
 * deploy/promql-check/}, run with Node), with the metrics each one reads.
 */
public final class MonitoringQueries {
  /** One expression: where it is, its syntax errors (none, if it parses) and its metrics. */
  public record Query(String source, String expr, List<String> errors, List<String> metrics) {}

  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(3);

  private MonitoringQueries() {}

  /** Whether Node (and so the parser) can run here. */
  public static boolean nodeAvailable() {
    return Commands.onPath("node");
  }

  /** The expressions of the repository at {@code root}, not yet parsed. */
  public static List<Map<String, String>> expressions(Path root) {
    List<Map<String, String>> expressions = new ArrayList<>();
    for (Path dashboard : dashboards(root)) {
      Map<String, Object> json = load(dashboard);
      for (Map<String, Object> panel : maps(json.get("panels"))) {
        for (Map<String, Object> target : maps(panel.get("targets"))) {
          expressions.add(
              Map.of(
                  "source",
                  dashboard.getFileName() + " panel '" + panel.get("title") + "'",
                  "expr",
                  String.valueOf(target.get("expr"))));
        }
      }
    }
    Map<String, Object> rules = load(root.resolve("deploy/prometheus/alerts.yml"));
    for (Map<String, Object> group : maps(rules.get("groups"))) {
      for (Map<String, Object> rule : maps(group.get("rules"))) {
        expressions.add(
            Map.of(
                "source",
                "alert " + rule.get("alert"),
                "expr",
                String.valueOf(rule.get("expr")).strip()));
      }
    }
    return expressions;
  }

  /** Parses every expression of the repository at {@code root}. Needs Node. */
  public static List<Query> parse(Path root) {
    return parse(root, expressions(root));
  }

  /** Parses {@code expressions} (each a {@code source} and an {@code expr}). Needs Node. */
  public static List<Query> parse(Path root, List<Map<String, String>> expressions) {
    Path checker = root.resolve("deploy/promql-check");
    if (!Files.isDirectory(checker.resolve("node_modules"))) {
      // Installs exactly what package-lock.json pins.
      run(checker, List.of("npm", "ci", "--no-audit", "--no-fund"), "");
    }
    String output = run(checker, List.of("node", "check.mjs"), toJson(expressions)).strip();
    String lastLine = output.lines().toList().getLast();
    List<Query> queries = new ArrayList<>();
    for (Map<String, Object> result : maps(new Yaml().load(lastLine))) {
      queries.add(
          new Query(
              (String) result.get("source"),
              (String) result.get("expr"),
              strings(result.get("errors")),
              strings(result.get("metrics"))));
    }
    return queries;
  }

  /** Every metric name the expressions read. */
  public static TreeSet<String> metricsOf(List<Query> queries) {
    TreeSet<String> metrics = new TreeSet<>();
    queries.forEach(query -> metrics.addAll(query.metrics()));
    return metrics;
  }

  /** The dashboard files. */
  public static List<Path> dashboards(Path root) {
    try (Stream<Path> files = Files.list(root.resolve("deploy/grafana/dashboards"))) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(Path file) {
    try {
      return new Yaml().load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object list) {
    return list == null ? List.of() : (List<Map<String, Object>>) list;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return list == null ? List.of() : List.copyOf((List<String>) list);
  }

  private static String toJson(List<Map<String, String>> expressions) {
    StringBuilder json = new StringBuilder("[");
    for (Map<String, String> expression : expressions) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("{\"source\":")
          .append(quoted(expression.get("source")))
          .append(",\"expr\":")
          .append(quoted(expression.get("expr")))
          .append('}');
    }
    return json.append(']').toString();
  }

  private static String quoted(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static String run(Path directory, List<String> command, String input) {
    try {
      Commands.Outcome outcome = Commands.run(directory, command, input, NPM_TIMEOUT);
      if (outcome.exitCode() != 0) {
        throw new IllegalStateException(command + " failed:\n" + outcome.output());
      }
      return outcome.output();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
