package dev.promptly.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code run.sh} leaves in a run directory, gathered into the results tree: {@code env.json},
 * {@code pgbench-<clients>.txt}, {@code perftest.txt}, {@code startup.tsv} (service, ms), the
 * scenario files, {@code memory.json} and S7's {@code s7-<jobs>.json}.
 */
final class RunDirectory {
  private RunDirectory() {}

  static ObjectNode gather(Path dir, List<Path> scenarioFiles) {
    ObjectNode results = Json.MAPPER.createObjectNode();
    Path env = dir.resolve("env.json");
    results.set("run", Files.exists(env) ? Json.read(env) : Json.MAPPER.createObjectNode());
    results.set("ceilings", ceilings(dir));
    results.set("startup_ms", startup(dir.resolve("startup.tsv")));
    ObjectNode scenarios = results.putObject("scenarios");
    for (Path file : scenarioFiles) {
      ObjectNode scenario = (ObjectNode) Json.read(file);
      scenario.remove("submissions");
      scenarios.set(scenario.path("name").asString(), scenario);
    }
    Path memory = dir.resolve("memory.json");
    if (Files.exists(memory)) {
      results.set("memory", Json.read(memory));
    }
    results.set("batches", batches(dir));
    return results;
  }

  /** S7's files, {@code s7-<jobs per batch>.json}, by scenario name, smallest batch first. */
  static ObjectNode batches(Path dir) {
    ObjectNode batches = Json.MAPPER.createObjectNode();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(f -> f.getFileName().toString().matches("s7-\\d+\\.json"))
          .sorted(
              java.util.Comparator.comparingInt(
                  f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))))
          .forEach(
              file -> {
                JsonNode batch = Json.read(file);
                batches.set(batch.path("name").asString(), batch);
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return batches;
  }

  static ObjectNode ceilings(Path dir) {
    ObjectNode ceilings = Json.MAPPER.createObjectNode();
    ObjectNode pgbench = ceilings.putObject("pgbench_tps");
    double bestPgbench = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().matches("pgbench-\\d+\\.txt"))
              .sorted()
              .toList()) {
        String clients = file.getFileName().toString().replaceAll("\\D", "");
        OptionalDouble tps = Ceilings.pgbenchTps(read(file));
        if (tps.isPresent()) {
          pgbench.put(clients, tps.getAsDouble());
          bestPgbench = Math.max(bestPgbench, tps.getAsDouble());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode perfTest = ceilings.putObject("perftest");
    Path perfTestOutput = dir.resolve("perftest.txt");
    String output = Files.exists(perfTestOutput) ? read(perfTestOutput) : "";
    double publishRate = Ceilings.perfTestSendRate(output).orElse(0);
    perfTest.put("publish_msg_per_s", publishRate);
    double[] confirm = Ceilings.perfTestConfirmLatencyMs(output);
    if (confirm.length == 2) {
      perfTest.put("confirm_p50_ms", confirm[0]);
      perfTest.put("confirm_p99_ms", confirm[1]);
    }
    ceilings.put("submit_ceiling_per_s", Ceilings.submitCeiling(bestPgbench, publishRate));
    return ceilings;
  }

  static ObjectNode startup(Path tsv) {
    ObjectNode startup = Json.MAPPER.createObjectNode();
    if (!Files.exists(tsv)) {
      return startup;
    }
    for (String line : read(tsv).split("\n")) {
      String[] fields = line.strip().split("\t");
      if (fields.length >= 2 && fields[1].matches("\\d+")) {
        JsonNode times = startup.get(fields[0]);
        ArrayNode list = times == null ? startup.putArray(fields[0]) : (ArrayNode) times;
        list.add(Long.parseLong(fields[1]));
      }
    }
    return startup;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
