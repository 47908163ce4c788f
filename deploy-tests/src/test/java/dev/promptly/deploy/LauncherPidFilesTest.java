package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./promptly status} and {@code down} make of the pid files in a private state
 * directory ({@code PROMPTLY_STATE_DIR}): only a live process running the service's jar is running.
 * A JVM killed with {@code kill -9} under a parent that does not reap it stays a zombie that still
 * answers {@code kill -0}, and a dead process's pid may be another program's by now.
 */
class LauncherPidFilesTest {

  @TempDir Path state;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void needsProc() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
  }

  @AfterEach
  void stopWhatTheTestStarted() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void zombieIsReportedStopped() throws Exception {
    long zombie = zombie();
    writePidFile("worker", zombie);

    String status = launcher("status");

    assertThat(status).contains("worker: stopped (stale pid file: pid " + zombie);
  }

  @Test
  void pidOfAnotherProgramIsReportedStopped() throws Exception {
    long other = sleeper("sleep").pid();
    writePidFile("api", other);

    String status = launcher("status");

    assertThat(status).contains("api: stopped (stale pid file: pid " + other);
  }

  @Test
  void pidOfAProcessThatIsGoneIsReportedStopped() throws Exception {
    Process gone = sleeper("sleep");
    gone.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    writePidFile("emulator", gone.pid());

    String status = launcher("status");

    assertThat(status).contains("emulator: stopped (stale pid file: pid " + gone.pid());
  }

  @Test
  void processRunningTheServiceJarIsReportedRunning() throws Exception {
    long api = sleeper("java -jar /opt/promptly/api-service.jar").pid();
    writePidFile("api", api);

    String status = launcher("status");

    assertThat(status).contains("api: running (pid " + api + ")");
  }

  @Test
  void downLeavesAnotherProgramWithAReusedPidAloneAndRemovesThePidFile() throws Exception {
    Process other = sleeper("sleep");
    writePidFile("worker", other.pid());

    String down = launcher("down");

    assertThat(down).contains("worker was not running (stale pid file removed)");
    assertThat(other.isAlive()).isTrue();
    assertThat(state.resolve("worker.pid")).doesNotExist();
  }

  @Test
  void downStopsTheProcessRunningTheServiceJar() throws Exception {
    Process worker = sleeper("java -jar /opt/promptly/worker-service.jar");
    writePidFile("worker", worker.pid());

    String down = launcher("down");

    assertThat(down).contains("stopped worker (pid " + worker.pid() + ")");
    assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  /** A {@code sleep} whose command line reads {@code commandLine} (bash's {@code exec -a}). */
  private Process sleeper(String commandLine) throws IOException {
    Process process =
        new ProcessBuilder("bash", "-c", "exec -a \"$0\" sleep 120", commandLine).start();
    started.add(process);
    return process;
  }

  /**
   * A child that has exited and that its parent never reaps: bash starts it in the background and
   * then becomes a {@code sleep}, which never waits for children.
   */
  private long zombie() throws IOException, InterruptedException {
    Process parent =
        new ProcessBuilder("bash", "-c", "sleep 0.1 & echo $!; exec sleep 120").start();
    started.add(parent);
    long pid;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      pid = Long.parseLong(out.readLine().strip());
    }
    Path stat = Path.of("/proc/" + pid + "/stat");
    for (int i = 0; i < 100 && !Files.readString(stat).contains(") Z "); i++) {
      Thread.sleep(50); // the child exits after 0.1 s; /proc has nothing to wait on
    }
    assertThat(Files.readString(stat)).as("the child is a zombie").contains(") Z ");
    return pid;
  }

  private void writePidFile(String service, long pid) throws IOException {
    Files.writeString(state.resolve(service + ".pid"), pid + "\n");
  }

  private String launcher(String command) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(Repository.path("promptly").toString(), command)
            .redirectErrorStream(true);
    builder.environment().put("PROMPTLY_STATE_DIR", state.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
