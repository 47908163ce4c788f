package dev.promptly.emulator.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveSummarizerTest {

  private static final String ARTICLE =
      """
      Solar power capacity grew faster than any other energy source last year. \
      Analysts expect solar power to overtake coal within a decade. \
      The weather was mild in most regions. \
      Cheaper panels and better batteries explain most of the growth in solar power. \
      Some utilities still resist rooftop solar installations. \
      Governments in Asia and Europe announced new solar subsidies. \
      A local bakery won a prize for its bread. \
      Grid operators must adapt to the variable output of solar power plants. \
      Storage projects are being built next to large solar farms.\
      """;

  private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer();

  @Test
  void everySummarySentenceIsASentenceOfTheInput() {
    String summary = summarizer.summarize(new SummaryPrompt(ARTICLE, SummaryStyle.PARAGRAPH, 120));

    assertThat(SentenceSplitter.split(summary))
        .isNotEmpty()
        .allSatisfy(sentence -> assertThat(SentenceSplitter.split(ARTICLE)).contains(sentence));
  }

  @Test
  void summaryKeepsTheOriginalSentenceOrder() {
    List<String> input = SentenceSplitter.split(ARTICLE);

    List<String> summary =
        SentenceSplitter.split(
            summarizer.summarize(new SummaryPrompt(ARTICLE, SummaryStyle.PARAGRAPH, 120)));

    assertThat(summary.stream().map(input::indexOf).toList()).isSorted();
  }

  @Test
  void summaryPrefersTopicalSentences() {
    String summary = summarizer.summarize(new SummaryPrompt(ARTICLE, SummaryStyle.PARAGRAPH, 120));

    assertThat(summary).contains("solar power").doesNotContain("bakery").doesNotContain("weather");
  }

  @Test
  void summaryStaysWithinTheWordLimit() {
    String summary = summarizer.summarize(new SummaryPrompt(ARTICLE, SummaryStyle.PARAGRAPH, 25));

    assertThat(summary.split("\\s+")).hasSizeLessThanOrEqualTo(25);
  }

  @Test
  void bulletsPutOneInputSentencePerLine() {
    String summary = summarizer.summarize(new SummaryPrompt(ARTICLE, SummaryStyle.BULLETS, 120));

    assertThat(summary.lines().toList())
        .hasSizeGreaterThan(1)
        .allSatisfy(
            line -> {
              assertThat(line).startsWith("- ");
              assertThat(ARTICLE).contains(line.substring(2));
            });
  }

  @Test
  void bulletMarkersCountAgainstTheWordLimit() {
    String summary = summarizer.summarize(new SummaryPrompt(ARTICLE, SummaryStyle.BULLETS, 30));

    assertThat(summary.split("\\s+")).hasSizeLessThanOrEqualTo(30);
  }

  @Test
  void tldrIsOneSentenceWithPrefix() {
    String summary = summarizer.summarize(new SummaryPrompt(ARTICLE, SummaryStyle.TLDR, 120));

    assertThat(summary).startsWith("TL;DR: ").doesNotContain("\n");
    assertThat(SentenceSplitter.split(ARTICLE)).contains(summary.substring("TL;DR: ".length()));
  }

  @Test
  void tooSmallLimitCutsTheBestSentence() {
    String summary = summarizer.summarize(new SummaryPrompt(ARTICLE, SummaryStyle.PARAGRAPH, 4));

    assertThat(summary.split("\\s+")).hasSize(4);
    assertThat(ARTICLE).contains(summary);
  }

  @Test
  void emptyTextGetsANotice() {
    String summary = summarizer.summarize(new SummaryPrompt("  ", SummaryStyle.PARAGRAPH, 120));

    assertThat(summary).isEqualTo(ExtractiveSummarizer.NOTHING_TO_SUMMARIZE);
  }

  @Test
  void sameInputGivesSameSummary() {
    SummaryPrompt prompt = new SummaryPrompt(ARTICLE, SummaryStyle.BULLETS, 60);

    assertThat(summarizer.summarize(prompt)).isEqualTo(summarizer.summarize(prompt));
  }
}
