package dev.promptly.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A scenario's submissions, as a new tenant, closed or open loop; with {@code --await}, also waits
 * for the jobs and measures them end to end.
 */
@Command(name = "submit", description = "Submit a scenario's jobs (and optionally await them).")
final class SubmitCommand implements Callable<Integer> {
  private static final Duration WEBHOOK_GRACE = Duration.ofSeconds(3);

  @Mixin Services services;

  @Option(names = "--name", required = true, description = "scenario name, e.g. s1-64")
  String name;

  @Option(names = "--jobs", defaultValue = "1000")
  int jobs;

  @Option(names = "--clients", defaultValue = "64", description = "concurrent requests at most")
  int clients;

  @Option(names = "--rate", defaultValue = "0", description = "jobs/s, open loop; 0: closed loop")
  double rate;

  @Option(
      names = "--rate-of",
      description = "scenario files: submit at --rate-fraction of their best completed jobs/s")
  List<Path> rateOf = List.of();

  @Option(names = "--rate-fraction", defaultValue = "0.5")
  double rateFraction;

  @Option(names = "--seconds", defaultValue = "0", description = "with --rate-of: jobs = rate × s")
  double seconds;

  @Option(names = "--await", description = "wait for the jobs and measure them end to end")
  boolean await;

  @Option(names = "--webhooks", description = "name a local receiver as each job's webhook")
  boolean webhooks;

  @Option(names = "--timeout", defaultValue = "PT10M", description = "for --await, ISO duration")
  Duration timeout;

  @Option(names = "--setting", description = "key=value recorded with the results")
  Map<String, String> settings = Map.of();

  @Option(names = "--out", required = true)
  Path out;

  @Override
  public Integer call() {
    double offered = rateOf.isEmpty() ? rate : Scenarios.bestCompletedPerS(rateOf) * rateFraction;
    int count = rateOf.isEmpty() || seconds <= 0 ? jobs : (int) Math.ceil(offered * seconds);
    Clock clock = Clock.systemUTC();
    Tenants.Tenant tenant = services.tenants().create("bench-" + name);
    try (WebhookReceiver receiver = webhooks ? WebhookReceiver.start(clock) : null) {
      LoadGenerator generator =
          new LoadGenerator(
              services.api,
              tenant.apiKey(),
              new JobBodies(receiver == null ? null : receiver.url()),
              clock);
      System.err.printf("bench %s: submitting %d jobs%n", name, count);
      List<Submission> submissions =
          offered > 0
              ? generator.openLoop(count, offered, clients)
              : generator.closedLoop(count, clients);
      SubmitResult submit = SubmitResult.of(submissions, clients, offered > 0 ? offered : null);
      System.err.printf(
          "bench %s: %d of %d accepted, %.1f/s, p50 %.1f ms, p99 %.1f ms%n",
          name,
          submit.accepted(),
          count,
          submit.acceptedPerS(),
          Scenarios.p50(submit.latencyMs()),
          Scenarios.p99(submit.latencyMs()));
      if (submit.accepted() == 0) {
        Json.write(out, new ScenarioResult(name, settings, tenant.id(), submit, null, null));
        System.err.println("bench " + name + ": no job was accepted: " + submit.answers());
        return 2;
      }
      if (!await) {
        Json.write(out, new ScenarioResult(name, settings, tenant.id(), submit, null, submissions));
        return 0;
      }
      boolean ended;
      List<JobTiming> timings;
      try (JobTimings jobs = services.jobTimings()) {
        ended = Completion.await(jobs, tenant.id(), submit.accepted(), timeout);
        if (receiver != null) {
          receiver.awaitArrivals(submit.accepted(), WEBHOOK_GRACE);
        }
        timings = Completion.fetch(jobs, tenant.id());
      }
      EndToEndResult endToEnd =
          EndToEndResult.of(submissions, timings, receiver == null ? null : receiver.arrivals());
      Json.write(out, new ScenarioResult(name, settings, tenant.id(), submit, endToEnd, null));
      Scenarios.print(name, endToEnd);
      return ended ? 0 : 3;
    }
  }
}
