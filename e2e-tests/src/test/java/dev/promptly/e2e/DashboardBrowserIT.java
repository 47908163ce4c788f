package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.testsupport.Commands;
import dev.promptly.testsupport.Commands.Outcome;
import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard in a real browser: {@code dashboard-browser/browse.mjs} (playwright-core, the
 * machine's chromium) against the built jars of the emulator, the API and a worker. Skipped, saying
 * why, where node, npm or chromium is missing; {@code .ci/run} installs chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {
  private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
  private static final Path ROOT = Path.of(System.getProperty("promptly.root", ".."));
  private static final Path BROWSER_TESTS = ROOT.resolve("dashboard-browser");
  private static final Path TARGET = Path.of(System.getProperty("promptly.e2e.target", "target"));
  private static final Path LOGS = TARGET.resolve("e2e-logs");
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("PROMPTLY_CHROMIUM", "/usr/bin/chromium"));

  private final List<ServiceProcess> processes = new ArrayList<>();
  private TestServices services;
  private ServiceProcess emulator;
  private ServiceProcess api;

  /** Why the browser tests cannot run here; null when they can. */
  private String missing;

  @BeforeAll
  void installPlaywrightAndStartPromptly() throws Exception {
    if (!Commands.onPath("node") || !Commands.onPath("npm")) {
      missing = "node or npm is not installed: skipping the dashboard's browser tests";
    } else if (!Files.isExecutable(CHROMIUM)) {
      missing =
          CHROMIUM
              + " is missing: skipping the dashboard's browser tests (apt-get install chromium)";
    }
    if (missing != null) {
      // Said here too: a skip inside @BeforeAll would leave no trace in the build's output.
      System.out.println("DashboardBrowserIT: " + missing);
      return;
    }
    // npm ci installs exactly what package-lock.json pins (playwright-core, which downloads no
    // browser), into dashboard-browser/node_modules.
    Outcome install =
        Commands.run(
            BROWSER_TESTS,
            List.of("npm", "ci", "--no-audit", "--no-fund"),
            "",
            Duration.ofMinutes(3));
    assertThat(install.exitCode()).as("npm ci\n%s", install.output()).isZero();

    services = TestInfrastructure.shared();
    emulator =
        start("emulator", "llm-emulator/target/llm-emulator-exec.jar", List.of())
            .awaitReady("/actuator/health", Duration.ofSeconds(90));
    api =
        start(
                "dashboard-api",
                "api-service/target/api-service.jar",
                List.of("--promptly.auth.admin-api-key=" + ADMIN_KEY))
            .awaitReady("/actuator/health/readiness", Duration.ofSeconds(120));
    start(
            "dashboard-worker",
            "worker-service/target/worker-service.jar",
            List.of(
                "--promptly.llm.base-url=" + emulator.baseUrl() + "/v1",
                "--promptly.worker.concurrency=4",
                // The page may open the stream after the call began; always streaming makes the
                // live answer independent of that race.
                "--promptly.worker.streaming=always"))
        .awaitReady("/actuator/health/readiness", Duration.ofSeconds(120));
  }

  @AfterAll
  void stopPromptly() {
    processes.reversed().forEach(ServiceProcess::close);
  }

  @Test
  void dashboardWorksInARealBrowser() throws Exception {
    Assumptions.assumeTrue(missing == null, missing);
    Path screenshots = TARGET.resolve("dashboard-screenshots").toAbsolutePath();

    Outcome run =
        Commands.run(
            BROWSER_TESTS,
            List.of(
                "node",
                "browse.mjs",
                api.baseUrl(),
                ADMIN_KEY,
                emulator.baseUrl(),
                screenshots.toString()),
            "",
            Duration.ofMinutes(3));

    System.out.println("dashboard browser checks:\n" + run.output().strip());
    assertThat(run.exitCode()).as("node browse.mjs\n%s", run.output()).isZero();
    assertThat(screenshots.resolve("overview.png")).exists();
  }

  private ServiceProcess start(String name, String jar, List<String> extraArguments) {
    List<String> arguments = new ArrayList<>();
    services.springProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
    arguments.addAll(extraArguments);
    ServiceProcess process = ServiceProcess.start(name, ROOT.resolve(jar), LOGS, arguments);
    processes.add(process);
    return process;
  }
}
