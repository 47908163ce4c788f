package dev.promptly.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * S5: the worker's resident memory idle and with {@code --jobs} jobs waiting on a slow model at
 * once (the emulator's latency must outlast the measurement, and the worker's concurrency must
 * reach {@code --jobs}).
 */
@Command(name = "memory", description = "Worker RSS idle and with N jobs in flight.")
final class MemoryCommand implements Callable<Integer> {
  /**
   * What S5 measured.
   *
   * @param mbPerInFlightJob null when no job got in flight, so there is nothing to divide by
   */
  record MemoryResult(
      long workerPid,
      int targetInFlight,
      int inFlight,
      double rssIdleMb,
      double rssLoadedMb,
      Double mbPerInFlightJob) {}

  @Mixin Services services;

  @Option(names = "--worker-pid", required = true)
  long workerPid;

  @Option(names = "--jobs", defaultValue = "1000")
  int jobs;

  @Option(names = "--clients", defaultValue = "64")
  int clients;

  @Option(names = "--settle", defaultValue = "PT3S", description = "wait before each reading")
  Duration settle;

  @Option(names = "--timeout", defaultValue = "PT2M")
  Duration timeout;

  @Option(names = "--out", required = true)
  Path out;

  @Override
  public Integer call() {
    Tenants.Tenant tenant = services.tenants().create("bench-s5");
    pause(settle);
    double idle = rssMb(workerPid);
    int accepted =
        (int)
            new LoadGenerator(services.api, tenant.apiKey(), new JobBodies(null), Clock.systemUTC())
                .closedLoop(jobs, clients).stream().filter(Submission::accepted).count();
    // Refused submissions (503 under overload) can never be in flight; wait for the rest.
    int inFlight;
    try (JobTimings timings = services.jobTimings()) {
      inFlight = awaitRunning(timings, tenant.id(), accepted);
    }
    pause(settle);
    double loaded = rssMb(workerPid);
    MemoryResult result =
        new MemoryResult(
            workerPid,
            jobs,
            inFlight,
            idle,
            loaded,
            inFlight > 0 ? (loaded - idle) / inFlight : null);
    Json.write(out, result);
    System.err.printf(
        "bench s5: RSS idle %.1f MB, with %d in flight %.1f MB%n", idle, inFlight, loaded);
    return inFlight > 0 ? 0 : 3;
  }

  private int awaitRunning(JobTimings timings, String tenantId, int accepted) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int running = 0;
    while (System.nanoTime() < deadline) {
      try {
        running = timings.progress(tenantId).running();
      } catch (IllegalStateException e) {
        System.err.println("bench s5: " + e.getMessage() + "; polling again");
      }
      if (running >= accepted) {
        return running;
      }
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
    System.err.printf(
        "bench s5: only %d of %d accepted jobs in flight after %s%n", running, accepted, timeout);
    return running;
  }

  /** VmRSS of a process, from {@code /proc/<pid>/status}, in MB. */
  static double rssMb(long pid) {
    try {
      return VmRss.parseMb(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the memory of process " + pid, e);
    }
  }

  private static void pause(Duration duration) {
    LockSupport.parkNanos(duration.toNanos());
  }
}
