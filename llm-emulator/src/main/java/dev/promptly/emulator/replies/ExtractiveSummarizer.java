package dev.promptly.emulator.replies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * Summarizes by extraction: it picks the best-scoring sentences of the input and prints them in
 * their original order, so every sentence of a summary can be found in the text it came from.
 */
@Component
class ExtractiveSummarizer {

  static final String NOTHING_TO_SUMMARIZE = "There is no text to summarize.";
  private static final int MAX_SENTENCES = 12;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  String summarize(SummaryPrompt prompt) {
    List<String> sentences = SentenceSplitter.split(prompt.text());
    if (sentences.isEmpty()) {
      return NOTHING_TO_SUMMARIZE;
    }
    // Markers count against the limit, so that a naive word count of the output stays within it.
    int markerWords = prompt.style() == SummaryStyle.PARAGRAPH ? 0 : 1;
    List<String> picked = pick(sentences, prompt, markerWords);
    return switch (prompt.style()) {
      case PARAGRAPH -> String.join(" ", picked);
      case BULLETS -> picked.stream().map(s -> "- " + s).collect(Collectors.joining("\n"));
      case TLDR -> "TL;DR: " + picked.getFirst();
    };
  }

  private static List<String> pick(List<String> sentences, SummaryPrompt prompt, int markerWords) {
    double[] scores = SentenceScorer.score(sentences);
    List<Integer> ranked =
        IntStream.range(0, sentences.size())
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i))
            .toList();
    int wanted = prompt.style() == SummaryStyle.TLDR ? 1 : sentenceTarget(sentences.size());
    List<Integer> chosen = new ArrayList<>();
    // A sentence said twice (summaries of similar parts of one document) is picked once.
    Set<String> seen = new HashSet<>();
    int words = 0;
    for (int index : ranked) {
      int cost = SentenceScorer.wordCount(sentences.get(index)) + markerWords;
      if (chosen.size() < wanted
          && words + cost <= prompt.maxWords()
          && seen.add(sentences.get(index))) {
        chosen.add(index);
        words += cost;
      }
    }
    if (chosen.isEmpty()) {
      int budget = Math.max(1, prompt.maxWords() - markerWords);
      return List.of(firstWords(sentences.get(ranked.getFirst()), budget));
    }
    return chosen.stream().sorted().map(sentences::get).toList();
  }

  /** About a third of the sentences: a summary, not a copy. */
  private static int sentenceTarget(int sentenceCount) {
    return Math.clamp((sentenceCount + 2) / 3, 1, MAX_SENTENCES);
  }

  /** The word limit wins over sentence integrity when even the best sentence is too long. */
  private static String firstWords(String sentence, int count) {
    String[] words = WHITESPACE.split(sentence);
    return String.join(" ", Arrays.copyOf(words, Math.min(count, words.length)));
  }
}
