package dev.promptly.emulator.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TextEmbedderTest {
  private final TextEmbedder embedder = new TextEmbedder();

  @Test
  void vectorsHaveUnitLength() {
    float[] vector = embedder.embed("What is the capital of France?", 256);

    assertThat(dot(vector, vector)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void sameTextGivesSameVector() {
    assertThat(embedder.embed("Summarize the quarterly sales report", 512))
        .containsExactly(embedder.embed("Summarize the quarterly sales report", 512));
  }

  @Test
  void paraphraseIsClose() {
    double similarity =
        cosine(
            "Summarize the quarterly sales report for the board.",
            "Summarise the quarterly sales report for the board, please.");

    assertThat(similarity).isGreaterThan(0.83);
  }

  @Test
  void reorderedSentencesAreClose() {
    double similarity =
        cosine(
            "The invoice is overdue. Please pay it by Friday.",
            "Please pay it by Friday. The invoice is overdue.");

    assertThat(similarity).isGreaterThan(0.95);
  }

  @Test
  void oneTopicWordApartStaysBelowTheCacheThreshold() {
    double similarity =
        cosine(
            "Summarize the quarterly sales report for the board.",
            "Summarize the quarterly security report for the board.");

    assertThat(similarity).isLessThan(0.83);
  }

  @Test
  void unrelatedTextsAreFar() {
    double similarity =
        cosine("What is the capital city of France?", "How do I bake sourdough bread at home?");

    assertThat(similarity).isLessThan(0.3);
  }

  private double cosine(String a, String b) {
    return dot(embedder.embed(a, 512), embedder.embed(b, 512));
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
