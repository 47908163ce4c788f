package dev.promptly.worker.summaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.model.JobErrorCode;
import dev.promptly.model.SummarizeInput;
import dev.promptly.model.SummaryStyle;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.llm.TokenEstimator;
import dev.promptly.worker.prompts.PromptProperties;
import dev.promptly.worker.prompts.PromptRenderer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Map-reduce against a fake model that answers each prompt with a fixed number of words. */
class MapReduceSummarizerTest {
  private final PromptRenderer prompts = new PromptRenderer(new PromptProperties(0.2, 2.0));
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final CountDownLatch secondCallArrived = new CountDownLatch(2);
  private volatile boolean holdUntilSecondCall;

  private MapReduceSummarizer summarizer(int perJob) {
    return new MapReduceSummarizer(prompts, new SummaryProperties(perJob, 32, 100, 0));
  }

  /** Answers every call with {@code words} words; refuses prompts longer than {@code window}. */
  private SummaryCalls model(int words, int window) {
    TokenEstimator tokens = new TokenEstimator();
    return prompt -> {
      int now = inFlight.incrementAndGet();
      mostInFlight.accumulateAndGet(now, Math::max);
      try {
        if (holdUntilSecondCall) {
          holdForASecondCall();
        }
        int promptTokens = tokens.promptTokens(prompt.messages());
        if (promptTokens + prompt.maxTokens() > window) {
          throw new PermanentJobException(
              JobErrorCode.CONTEXT_LENGTH_EXCEEDED, "the prompt exceeds the window", null);
        }
        return new ChatCompletion("fact ".repeat(words).strip(), "stop", promptTokens, words);
      } finally {
        inFlight.decrementAndGet();
      }
    };
  }

  private void holdForASecondCall() {
    secondCallArrived.countDown();
    try {
      secondCallArrived.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SummarizeInput input(String text) {
    return new SummarizeInput(text, SummaryStyle.PARAGRAPH, 100);
  }

  @Test
  void textThatFitsIsOneCallAndOnePass() {
    Summary summary =
        summarizer(4)
            .summarize(input(LongDocument.pages(2)), 128_000, model(50, 128_000), progress::add);

    assertThat(summary.chunks()).isEqualTo(1);
    assertThat(summary.passes()).isEqualTo(1);
    assertThat(progress).isEmpty();
  }

  @Test
  void longTextIsMappedInChunksAndReducedUntilItFits() {
    Summary summary =
        summarizer(4)
            .summarize(input(LongDocument.pages(150)), 4096, model(300, 4096), progress::add);

    assertThat(summary.chunks()).isGreaterThan(10);
    assertThat(summary.passes()).isGreaterThanOrEqualTo(3);
    assertThat(progress).first().asString().startsWith("split into " + summary.chunks());
    assertThat(progress).contains("map 1/" + summary.chunks());
    assertThat(progress)
        .anyMatch(line -> line.startsWith("reduce pass 1: ") && !line.endsWith(" into 1"));
    assertThat(progress.getLast()).endsWith("summaries into 1");
  }

  @Test
  void oneJobMakesNoMoreCallsAtOnceThanItsBound() {
    summarizer(3)
        .summarize(input(LongDocument.pages(60)), 4096, slow(model(90, 4096)), progress::add);

    assertThat(mostInFlight.get()).isBetween(2, 3);
  }

  @Test
  void contextErrorFromTheProviderSplitsForHalfTheWindow() {
    // The catalog says 16,000 tokens; the model takes 8,000.
    Summary summary =
        summarizer(4)
            .summarize(input(LongDocument.pages(35)), 16_000, model(90, 8_000), progress::add);

    assertThat(summary.chunks()).isGreaterThan(1);
    assertThat(progress).first().asString().contains("splitting for 8000 tokens");
  }

  @Test
  void windowTooSmallForTheAnswerFailsWithContextLengthExceeded() {
    assertThatThrownBy(
            () ->
                summarizer(4)
                    .summarize(input(LongDocument.pages(5)), 600, model(90, 600), progress::add))
        .isInstanceOfSatisfying(
            PermanentJobException.class,
            e -> assertThat(e.code()).isEqualTo(JobErrorCode.CONTEXT_LENGTH_EXCEEDED));
  }

  /**
   * Holds each call, while counted as in flight, until a second one is in flight too (or 2 s pass),
   * so a summarizer that runs chunks concurrently shows it however busy the machine is, and a
   * sequential one does not.
   */
  private SummaryCalls slow(SummaryCalls calls) {
    holdUntilSecondCall = true;
    return calls;
  }
}
