package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replays what each service's Dockerfile does to its jar - the extraction, the layers copied into
 * {@code /app}, the AOT cache's training run - with this machine's JDK, since no Docker engine is
 * here, and then starts the image's entrypoint with {@code -XX:AOTMode=on}, which refuses to start
 * when the cache does not fit the class path it runs with. The training run must succeed with no
 * database, broker or Redis reachable, as in an image build.
 */
class ImageAotCacheTest {

  private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$");
  private static final Pattern COPY_FROM_LAYERS =
      Pattern.compile("^COPY --from=layers /build/(\\S+) \\./$");
  private static final Pattern ENV_JAVA_OPTIONS =
      Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"(.*)\"$");
  private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

  @TempDir Path image;

  @ParameterizedTest
  @CsvSource({
    "api-service, api-service.jar",
    "worker-service, worker-service.jar",
    "llm-emulator, llm-emulator-exec.jar"
  })
  void imageTrainsItsAotCacheWithoutServicesAndStartsWithIt(String module, String jar)
      throws Exception {
    Path builtJar = Repository.path(module + "/target/" + jar);
    assertThat(builtJar).as("built by the reactor before this module (mvn verify)").exists();
    List<String> instructions = instructions(Repository.read("docker/" + module + ".Dockerfile"));
    Path build = Files.createDirectories(image.resolve("build"));
    Path app = Files.createDirectories(image.resolve("app"));
    Files.copy(builtJar, build.resolve("application.jar"));

    List<String> runs = new ArrayList<>();
    boolean finalStage = false;
    for (String instruction : instructions) {
      if (instruction.startsWith("FROM ")) {
        finalStage = !instruction.contains(" AS ");
      } else if (instruction.startsWith("RUN ") && instruction.contains("java ")) {
        String command = instruction.substring("RUN ".length());
        sh(finalStage ? app : build, command, javaOptions(instructions));
        runs.add(command);
      } else if (finalStage && instruction.startsWith("COPY ")) {
        Matcher layer = COPY_FROM_LAYERS.matcher(instruction);
        assertThat(layer.matches()).as(instruction).isTrue();
        copyTree(build.resolve(layer.group(1)), app);
      }
    }

    assertThat(runs).as("the extraction and the training run").hasSize(2);
    assertThat(app.resolve("app.aot")).isNotEmptyFile();
    List<String> entrypoint = entrypoint(instructions);
    assertThat(entrypoint).containsSubsequence("-XX:AOTCache=app.aot", "-jar", "application.jar");
    String training = runs.getLast();
    assertThat(training).contains("-XX:AOTCacheOutput=app.aot", "-Dspring.context.exit=onRefresh");

    // The entrypoint as the image runs it, stopped after its context has refreshed as in training,
    // with the cache required: a cache that does not match the class path is an error here.
    Map<String, String> environment = new HashMap<>(environmentOf(training));
    environment.put(
        "JDK_JAVA_OPTIONS",
        javaOptions(instructions) + " -XX:AOTMode=on " + String.join(" ", propertiesOf(training)));
    List<String> command = new ArrayList<>(entrypoint);
    command.set(0, java());
    Run started = run(app, command, environment);
    assertThat(started.exitCode()).as(started.output()).isZero();
    System.out.printf(
        "%s: start with its AOT cache to a refreshed context, %d ms%n",
        module, started.elapsed().toMillis());
  }

  /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
  private static List<String> instructions(String dockerfile) {
    String joined = dockerfile.replaceAll("\\\\\\n\\s*", " ");
    return joined
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  private static String javaOptions(List<String> instructions) {
    Matcher options = ENV_JAVA_OPTIONS.matcher(String.join("\n", instructions));
    assertThat(options.find()).as("ENV JDK_JAVA_OPTIONS").isTrue();
    return options.group(1);
  }

  private static List<String> entrypoint(List<String> instructions) {
    Matcher entrypoint = ENTRYPOINT.matcher(String.join("\n", instructions));
    assertThat(entrypoint.find()).as("an exec-form ENTRYPOINT").isTrue();
    return Arrays.stream(entrypoint.group(1).split(","))
        .map(part -> part.strip().replaceAll("^\"|\"$", ""))
        .toList();
  }

  /** The NAME=value words before {@code java} in a RUN command. */
  private static Map<String, String> environmentOf(String command) {
    Map<String, String> environment = new HashMap<>();
    for (String word : command.split("\\s+")) {
      if (word.equals("java")) {
        break;
      }
      int equals = word.indexOf('=');
      if (equals > 0) {
        environment.put(word.substring(0, equals), word.substring(equals + 1));
      }
    }
    return environment;
  }

  private static List<String> propertiesOf(String command) {
    return Arrays.stream(command.split("\\s+")).filter(word -> word.startsWith("-D")).toList();
  }

  private static void sh(Path directory, String command, String javaOptions) throws Exception {
    Path javaBin = Path.of(java()).getParent();
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", javaBin + ":" + System.getenv("PATH"));
    environment.put("JDK_JAVA_OPTIONS", javaOptions);
    Run run = run(directory, List.of("sh", "-ec", command), environment);
    assertThat(run.exitCode()).as(command + "\n" + run.output()).isZero();
  }

  private record Run(int exitCode, String output, Duration elapsed) {}

  private static Run run(Path directory, List<String> command, Map<String, String> environment)
      throws Exception {
    Path log = Files.createTempFile(directory.getParent(), "run", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    long started = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(command + " did not end within " + RUN_LIMIT);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    // The JVM's AOT warnings (a line per class it skips) would push the application's own error
    // out of the tail that a failure shows.
    String output =
        Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .filter(line -> !line.contains("][warning][aot]"))
            .collect(Collectors.joining("\n"));
    String tail = output.substring(Math.max(0, output.length() - 8_000));
    return new Run(process.exitValue(), tail, elapsed);
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElseThrow();
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
