package dev.promptly.e2e;

import java.time.Duration;
import java.util.Map;

/**
 * One phase of the limit-learned-from-headers scenario: the emulator limits requests per minute and
 * sends its {@code x-ratelimit-*} headers or not, the workers' catalog sets no limit, and a burst
 * of twice the limit is submitted; what became of the jobs and how many 429s the provider sent.
 *
 * @param providerRateLimited the calls the provider answered 429 for its rpm limit
 */
record ProviderLimitPhase(ChaosReport report, long providerRateLimited) {
  private static final Duration SETTLE = Duration.ofSeconds(180);

  static ProviderLimitPhase run(
      String scenario,
      ChaosStack stack,
      PromptlyClient client,
      int requestsPerMinute,
      boolean headers) {
    EmulatorControl emulator = stack.emulator();
    emulator.reset();
    emulator.configure(
        Map.of(
            "latency_ms", 300,
            "rpm_limit", requestsPerMinute,
            "rate_limit_headers", headers));
    ChaosLedger ledger = new ChaosLedger(scenario, stack, client);
    try (SubmitLoad load =
        SubmitLoad.start(
            client,
            ledger,
            n -> ChaosJobs.chat(scenario, n, 10, 10),
            Duration.ofMillis(50),
            2 * requestsPerMinute)) {
      load.finish(Duration.ofSeconds(30));
    }
    ChaosReport report = ledger.settle(SETTLE);
    long limited = emulator.answered("rate_limited");
    report.detail(
        "rpm_limit=%d headers=%s catalog limit=none jobs=%d: the provider answered 429 to %d calls"
            .formatted(requestsPerMinute, headers, report.accepted().size(), limited));
    return new ProviderLimitPhase(report, limited);
  }
}
