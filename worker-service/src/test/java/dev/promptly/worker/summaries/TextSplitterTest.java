package dev.promptly.worker.summaries;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextSplitterTest {
  private final TextSplitter splitter = new TextSplitter();

  @Test
  void textThatFitsIsOneChunk() {
    String text = "One short paragraph.\n\nAnd another one.";

    assertThat(splitter.split(text, 100, 0)).containsExactly(text);
  }

  @Test
  void chunksKeepWithinTheTokenLimitAndCutBetweenParagraphs() {
    String paragraph = "The quay was crowded with barrels before dawn, and the boats went out. ";
    String text = (paragraph.repeat(3).strip() + "\n\n").repeat(20).strip();

    List<String> chunks = splitter.split(text, 120, 0);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks)
        .allSatisfy(chunk -> assertThat(splitter.count(chunk)).isLessThanOrEqualTo(120));
    assertThat(chunks)
        .allSatisfy(chunk -> assertThat(chunk).startsWith("The quay").endsWith("went out."));
  }

  @Test
  void paragraphLongerThanAChunkIsCutBetweenSentences() {
    String text = "Fog came in from the sea. The lamp was lit at dusk. ".repeat(40).strip();

    List<String> chunks = splitter.split(text, 50, 0);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks)
        .allSatisfy(
            chunk -> {
              assertThat(splitter.count(chunk)).isLessThanOrEqualTo(50);
              assertThat(chunk).startsWith("Fog came in").endsWith(".");
            });
  }

  @Test
  void sentenceLongerThanAChunkIsCutByTokens() {
    String text = "word ".repeat(500).strip();

    List<String> chunks = splitter.split(text, 100, 0);

    assertThat(chunks).hasSize(5);
    assertThat(String.join(" ", chunks).split(" ")).hasSize(500);
  }

  @Test
  void chunkStartsWithTheLastSentenceOfThePreviousOneWhenItFitsTheOverlap() {
    String text =
        "Alpha one is here. Bravo two is here. Charlie three is here. ".repeat(10).strip();

    List<String> chunks = splitter.split(text, 40, 10);

    assertThat(chunks).hasSizeGreaterThan(1);
    for (int i = 1; i < chunks.size(); i++) {
      String previous = chunks.get(i - 1);
      String lastSentence =
          previous.substring(previous.lastIndexOf(". ", previous.length() - 2) + 2);
      assertThat(chunks.get(i)).startsWith(lastSentence);
    }
  }

  @Test
  void everyWordOfTheTextIsInSomeChunk() {
    String text = LongDocument.pages(10);

    List<String> chunks = splitter.split(text, 500, 0);

    assertThat(String.join(" ", chunks).split("\\s+")).hasSameSizeAs(text.split("\\s+"));
  }
}
