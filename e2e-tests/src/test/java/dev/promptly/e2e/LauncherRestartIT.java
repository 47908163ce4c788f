package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./promptly up} after {@code kill -9} of a service it started, and after a stop (the JDK
 * AOT cache the first run wrote is loaded). After {@code kill -9}: the pid file names a process
 * that is gone or a zombie (the launcher's children are nobody's to reap once it exits), and {@code
 * up} starts that service again, leaving the ones that still run alone. Runs the launcher itself in
 * a private state directory on private ports, against the test run's own database, vhost and Redis
 * key prefix.
 */
class LauncherRestartIT {
  private static final Path ROOT = Path.of(System.getProperty("promptly.root", ".."));
  private static final Duration LAUNCHER = Duration.ofMinutes(5);

  @TempDir Path state;
  private Map<String, String> environment;

  @AfterEach
  void down() throws Exception {
    if (environment != null) {
      launcher("down");
    }
  }

  @Test
  void upBringsBackAWorkerKilledWithSignalNine() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
    environment = environment(TestInfrastructure.shared());
    assertThat(launcher("up")).contains("Promptly is up (mode: services)");
    long killed = pidOf("worker");
    long api = pidOf("api");

    ProcessHandle.of(killed).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(30)).until(() -> isGoneOrZombie(killed));
    assertThat(launcher("status")).contains("worker: stopped (stale pid file: pid " + killed);
    String again = launcher("up");

    assertThat(again)
        .contains("worker: pid " + killed + " in ")
        .contains("starting it again")
        .contains("api already running (pid " + api + ")")
        .contains("Promptly is up (mode: services)");
    assertThat(pidOf("worker")).isNotEqualTo(killed);
    assertThat(launcher("status")).contains("worker: running (pid " + pidOf("worker") + ")");
    JsonNode chat = chatJobToTheEnd();
    assertThat(chat.get("status").asString()).as(chat.toString()).isEqualTo("succeeded");
  }

  @Test
  void aServiceStartsWithTheAotCacheItsFirstRunWroteWhenItStopped() throws Exception {
    assumeTrue(Runtime.version().feature() >= 25, "the launcher's AOT cache needs JDK 25");
    environment = environment(TestInfrastructure.shared());
    assertThat(launcher("up")).contains("api: this run records its AOT cache");
    launcher("down");
    for (String service : List.of("emulator", "api", "worker")) {
      assertThat(state.resolve("aot/" + service + "/app.aot")).isNotEmptyFile();
    }

    String again = launcher("up");

    assertThat(again).doesNotContain("records its AOT cache");
    assertThat(Files.readString(Path.of("/proc/" + pidOf("api") + "/cmdline")))
        .contains("-XX:AOTCache=" + state.resolve("aot/api/app.aot"));
  }

  private Map<String, String> environment(TestServices services) {
    Map<String, String> env = new HashMap<>(services.environment());
    String jdbcUrl = services.jdbcUrl();
    env.put("PROMPTLY_DB_URL", jdbcUrl);
    // The launcher creates PROMPTLY_DB_NAME when it is missing: name the run's own database.
    env.put("PROMPTLY_DB_NAME", jdbcUrl.replaceAll(".*/([^/?]+)(\\?.*)?$", "$1"));
    env.put("PROMPTLY_RABBIT_VHOST", services.rabbitVirtualHost());
    env.put("PROMPTLY_STATE_DIR", state.toString());
    env.put("PROMPTLY_API_PORT", Integer.toString(ServiceProcess.freePort()));
    env.put("PROMPTLY_WORKER_PORT", Integer.toString(ServiceProcess.freePort()));
    env.put("PROMPTLY_EMULATOR_PORT", Integer.toString(ServiceProcess.freePort()));
    env.put("PROMPTLY_SKIP_BUILD", "1");
    return env;
  }

  private String launcher(String command) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(ROOT.resolve("promptly").toString(), command).redirectErrorStream(true);
    builder.environment().remove("OPENAI_API_KEY");
    builder.environment().remove("OPENAI_BASE_URL");
    builder.environment().putAll(environment);
    Process process = builder.start();
    // The services it starts write to their own logs, so the pipe closes when the launcher ends.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(LAUNCHER.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private long pidOf(String service) throws IOException {
    return Long.parseLong(Files.readString(state.resolve(service + ".pid")).strip());
  }

  private static boolean isGoneOrZombie(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/stat")).matches("(?s).*\\) [ZX] .*");
    } catch (IOException e) {
      return true;
    }
  }

  private JsonNode chatJobToTheEnd() throws IOException {
    String key =
        Files.readAllLines(state.resolve("env")).stream()
            .filter(line -> line.startsWith("PROMPTLY_API_KEY="))
            .map(line -> line.substring("PROMPTLY_API_KEY=".length()))
            .findFirst()
            .orElseThrow();
    PromptlyClient client =
        new PromptlyClient("http://127.0.0.1:" + environment.get("PROMPTLY_API_PORT"), key);
    PromptlyClient.Response accepted =
        client.post(
            "/v1/jobs",
            Map.of(
                "kind",
                "chat",
                "input",
                Map.of("messages", List.of(Map.of("role", "user", "content", "Hello")))));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.body().get("id").asString();
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              last[0] = client.get("/v1/jobs/" + id + "?wait=10").body();
              return last[0].get("status").asString().matches("succeeded|failed|cancelled");
            });
    return last[0];
  }
}
