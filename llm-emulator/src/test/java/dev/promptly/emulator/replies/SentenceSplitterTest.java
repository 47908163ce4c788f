package dev.promptly.emulator.replies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  @Test
  void splitsOnSentenceEndings() {
    assertThat(SentenceSplitter.split("It rained. Did it stop? Yes! It did."))
        .containsExactly("It rained.", "Did it stop?", "Yes!", "It did.");
  }

  @Test
  void doesNotSplitAfterAbbreviationsOrInitials() {
    assertThat(SentenceSplitter.split("Dr. Smith met J. R. Tolkien, e.g. in Oxford. They talked."))
        .containsExactly("Dr. Smith met J. R. Tolkien, e.g. in Oxford.", "They talked.");
  }

  @Test
  void doesNotSplitDecimalNumbers() {
    assertThat(SentenceSplitter.split("Growth was 3.5 percent. Prices fell."))
        .containsExactly("Growth was 3.5 percent.", "Prices fell.");
  }

  @Test
  void joinsHardWrappedLines() {
    assertThat(SentenceSplitter.split("A sentence that\nwraps over lines. Next one."))
        .containsExactly("A sentence that wraps over lines.", "Next one.");
  }

  @Test
  void keepsListItemsAndParagraphsApart() {
    assertThat(SentenceSplitter.split("Intro\n\n- first item\n- second item\n\nClosing words"))
        .containsExactly("Intro", "first item", "second item", "Closing words");
  }

  @Test
  void collapsesTabsDoubleSpacesAndUnicodeLineSeparators() {
    assertThat(SentenceSplitter.split("First  sentence\there. Second\u2028line goes on."))
        .containsExactly("First sentence here.", "Second line goes on.");
  }

  @Test
  void listMarkerCountsOnlyAtTheStartOfALine() {
    assertThat(SentenceSplitter.split("Prices - as always - rose.\n- A new item"))
        .containsExactly("Prices - as always - rose.", "A new item");
  }
}
