package dev.promptly.model;

import java.util.Objects;

/**
 * Input of a summarization job.
 *
 * @param text the text to summarize, never blank
 * @param style how the summary is laid out
 * @param maxWords upper bound on the summary's length in words, {@value #MIN_WORDS}–{@value
 *     #MAX_WORDS}
 */
public record SummarizeInput(String text, SummaryStyle style, int maxWords) implements JobInput {
  public static final int MIN_WORDS = 10;
  public static final int MAX_WORDS = 2000;
  public static final int DEFAULT_MAX_WORDS = 120;

  public SummarizeInput {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(style, "style");
    if (text.isBlank()) {
      throw new IllegalArgumentException("text must not be blank");
    }
    if (maxWords < MIN_WORDS || maxWords > MAX_WORDS) {
      throw new IllegalArgumentException(
          "max_words must be between " + MIN_WORDS + " and " + MAX_WORDS);
    }
  }

  @Override
  public JobKind kind() {
    return JobKind.SUMMARIZE;
  }
}
