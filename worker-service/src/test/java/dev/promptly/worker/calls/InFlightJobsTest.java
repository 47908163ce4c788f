package dev.promptly.worker.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.promptly.model.JobErrorCode;
import dev.promptly.worker.calls.InFlightJobs.AbortReason;
import dev.promptly.worker.failures.RetryableJobException;
import dev.promptly.worker.llm.ChatCompletion;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InFlightJobsTest {
  private static final ChatCompletion ANSWER = new ChatCompletion("hi", "stop", 3, 1);
  private static final Duration LONG = Duration.ofSeconds(30);

  private final InFlightJobs inFlight = new InFlightJobs();
  private final CountDownLatch interrupted = new CountDownLatch(1);

  @AfterEach
  void close() {
    inFlight.close();
  }

  @Test
  void callReturnsTheAnswerAndIsThenNoLongerRunning() {
    ChatCompletion answer = inFlight.call("job_1", LONG, () -> ANSWER);

    assertThat(answer).isEqualTo(ANSWER);
    assertThat(inFlight.running()).isEmpty();
  }

  @Test
  void failureOfTheCallIsRethrownAsItIs() {
    RetryableJobException failure =
        new RetryableJobException("provider returned 503", null, null, true, null);

    assertThatThrownBy(
            () ->
                inFlight.call(
                    "job_1",
                    LONG,
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
  }

  @Test
  void abortedCallInterruptsTheModelCallAndSaysWhy() {
    CompletableFuture<ChatCompletion> waiter = callInBackground("job_1", LONG);
    await().until(() -> inFlight.running().containsKey("job_1"));

    inFlight.running().get("job_1").abort(AbortReason.CANCEL_REQUESTED);

    assertThat(waiter)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingCause()
        .isInstanceOfSatisfying(
            CallAbortedException.class,
            e -> assertThat(e.reason()).isEqualTo(AbortReason.CANCEL_REQUESTED));
    assertThat(awaitInterrupt()).isTrue();
    assertThat(inFlight.running()).isEmpty();
  }

  @Test
  void firstAbortReasonIsTheOneThatCounts() {
    CompletableFuture<ChatCompletion> waiter = callInBackground("job_1", LONG);
    await().until(() -> inFlight.running().containsKey("job_1"));

    InFlightJobs.Call call = inFlight.running().get("job_1");
    call.abort(AbortReason.LEASE_LOST);
    call.abort(AbortReason.CANCEL_REQUESTED);

    assertThat(waiter)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingCause()
        .isInstanceOfSatisfying(
            CallAbortedException.class,
            e -> assertThat(e.reason()).isEqualTo(AbortReason.LEASE_LOST));
  }

  @Test
  void callPastItsTimeoutIsInterruptedAndFailsRetryablyWithTheTimeoutCode() {
    assertThatThrownBy(
            () -> inFlight.call("job_1", Duration.ofMillis(100), this::blockUntilInterrupted))
        .isInstanceOfSatisfying(
            RetryableJobException.class,
            e -> {
              assertThat(e.code()).contains(JobErrorCode.TIMEOUT);
              assertThat(e.isProviderFault()).isTrue();
              assertThat(e).hasMessage("provider call timed out after 100ms");
            });
    assertThat(awaitInterrupt()).isTrue();
  }

  @Test
  void interruptedWaiterAbandonsTheCallAsShutdown() throws Exception {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    inFlight.call("job_1", LONG, this::blockUntilInterrupted);
                  } catch (RuntimeException e) {
                    outcome.complete(e);
                  }
                });
    await().until(() -> inFlight.running().containsKey("job_1"));

    waiter.interrupt();

    assertThat(outcome.get(5, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            CallAbortedException.class,
            e -> assertThat(e.reason()).isEqualTo(AbortReason.SHUTDOWN));
    assertThat(awaitInterrupt()).isTrue();
  }

  @Test
  void abortAllAbandonsEveryRunningCall() {
    CompletableFuture<ChatCompletion> first = callInBackground("job_1", LONG);
    CompletableFuture<ChatCompletion> second = callInBackground("job_2", LONG);
    await().until(() -> inFlight.running().size() == 2);

    inFlight.abortAll(AbortReason.SHUTDOWN);

    assertThat(first).failsWithin(Duration.ofSeconds(5));
    assertThat(second).failsWithin(Duration.ofSeconds(5));
  }

  private CompletableFuture<ChatCompletion> callInBackground(String jobId, Duration timeout) {
    CompletableFuture<ChatCompletion> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                result.complete(inFlight.call(jobId, timeout, this::blockUntilInterrupted));
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  /** Stands in for an HTTP exchange that only an interrupt ends. */
  private ChatCompletion blockUntilInterrupted() {
    try {
      new CountDownLatch(1).await();
      throw new AssertionError("unreachable");
    } catch (InterruptedException e) {
      interrupted.countDown();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private boolean awaitInterrupt() {
    try {
      return interrupted.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
