package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.e2e.JobFacts.AttemptRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** The jobs the chaos scenarios submit, and the per-job checks some scenarios add. */
final class ChaosJobs {
  /** What the emulator asks for with an injected 429. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  // An attempt's finished_at is written after its worker read the 429 and scheduled the retry, one
  // transaction after the wait began; a gap this much short of Retry-After is that bookkeeping. A
  // worker that ignored Retry-After would retry within the first backoff (200 ms) plus one relay
  // pass (200 ms), far below it.
  private static final Duration BOOKKEEPING = Duration.ofMillis(250);

  private ChaosJobs() {}

  /** A chat job asking one question, with the defaults of everything else. */
  static Map<String, Object> chatAsking(String question) {
    return Map.of(
        "kind",
        "chat",
        "input",
        Map.of("messages", List.of(Map.of("role", "user", "content", question))));
  }

  /** A small chat job; its text is unique, so no cache can answer it. */
  static Map<String, Object> chat(String scenario, int n, int timeoutSeconds, int maxAttempts) {
    String question = "chaos " + scenario + " question " + n + " (" + UUID.randomUUID() + ")";
    return Map.of(
        "kind",
        "chat",
        "input",
        Map.of("messages", List.of(Map.of("role", "user", "content", question))),
        "timeout_seconds",
        timeoutSeconds,
        "max_attempts",
        maxAttempts);
  }

  /** Submits {@code count} jobs one after another; each must be accepted. */
  static List<String> submit(
      PromptlyClient client, ChaosLedger ledger, int count, IntFunction<Map<String, Object>> jobs) {
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      PromptlyClient.Response response = client.post("/v1/jobs", jobs.apply(n));
      assertThat(response.status()).as(response.toString()).isEqualTo(202);
      String id = response.body().get("id").asString();
      ledger.accept(id);
      ids.add(id);
    }
    return ids;
  }

  /** Like {@link #submit}, from {@code threads} callers at once, to pile up a backlog fast. */
  static void submitInParallel(
      PromptlyClient client,
      ChaosLedger ledger,
      int count,
      int threads,
      IntFunction<Map<String, Object>> jobs) {
    try (ExecutorService callers = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> submitted = new ArrayList<>();
      for (int n = 0; n < count; n++) {
        int job = n;
        submitted.add(
            callers.submit(
                () -> {
                  PromptlyClient.Response response = client.post("/v1/jobs", jobs.apply(job));
                  assertThat(response.status()).as(response.toString()).isEqualTo(202);
                  ledger.accept(response.body().get("id").asString());
                }));
      }
      for (Future<?> future : submitted) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a submission failed", e.getCause());
    }
  }

  static boolean everyJobFailedAtLeast(ChaosLedger ledger, int failures) {
    Map<String, Long> failed =
        ledger.attempts().stream()
            .filter(attempt -> "retryable_error".equals(attempt.outcome()))
            .collect(Collectors.groupingBy(AttemptRow::jobId, Collectors.counting()));
    return ledger.accepted().stream().allMatch(id -> failed.getOrDefault(id, 0L) >= failures);
  }

  /**
   * Attempts that began sooner than {@code retryAfter} after the attempt before them ended with a
   * retryable error: the provider was called again before the time it asked for.
   */
  static List<String> retriesSoonerThan(List<AttemptRow> attempts, Duration retryAfter) {
    Duration wait = retryAfter.minus(BOOKKEEPING);
    List<String> early = new ArrayList<>();
    retryGaps(attempts)
        .forEach(
            (retry, gap) -> {
              if (gap.compareTo(wait) < 0) {
                early.add(retry + " " + gap.toMillis() + " ms after a 429");
              }
            });
    return early;
  }

  /** The shortest wait between a retryable failure and the next attempt of the same job. */
  static Duration shortestRetryGap(List<AttemptRow> attempts) {
    return retryGaps(attempts).values().stream().min(Duration::compareTo).orElse(Duration.ZERO);
  }

  // "<job> attempt <n>" -> the time from the end of attempt n-1 (a retryable error) to its start.
  private static Map<String, Duration> retryGaps(List<AttemptRow> attempts) {
    Map<String, Duration> gaps = new LinkedHashMap<>();
    for (int i = 1; i < attempts.size(); i++) {
      AttemptRow before = attempts.get(i - 1);
      AttemptRow after = attempts.get(i);
      if (before.jobId().equals(after.jobId())
          && "retryable_error".equals(before.outcome())
          && before.finishedAt() != null) {
        gaps.put(
            after.jobId() + " attempt " + after.attempt(),
            Duration.between(before.finishedAt(), after.startedAt()));
      }
    }
    return gaps;
  }
}
