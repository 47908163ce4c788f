package dev.promptly.emulator.replies;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores sentences the classic Luhn way: a sentence is important when it holds the document's
 * frequent content words. Stop words carry no topic, so they are ignored. Words are scanned by hand
 * rather than by regular expression: this runs for every sentence of every summary, and the regex
 * engine was a fifth of the emulator's CPU.
 */
final class SentenceScorer {

  static final Set<String> STOP_WORDS =
      Set.of(
          """
          a about above after again against all also am an and any are as at be because been
          before being below between both but by can could did do does doing down during each
          few for from further had has have having he her here hers herself him himself his
          how however i if in into is it its itself just may me might more most much must my
          myself no nor not now of off on once one only or other our ours ourselves out over
          own same shall she should so some such than that the their theirs them themselves
          then there these they this those through to too under until up upon us very was we
          were what when where which while who whom why will with would yet you your yours
          yourself yourselves
          """
              .strip()
              .split("\\s+"));

  private SentenceScorer() {}

  /** One score per sentence, in input order; higher means more representative. */
  static double[] score(List<String> sentences) {
    Map<String, Integer> frequencies = new HashMap<>();
    List<Set<String>> wordsOf = new ArrayList<>(sentences.size());
    for (String sentence : sentences) {
      Set<String> words = contentWords(sentence);
      wordsOf.add(words);
      words.forEach(word -> frequencies.merge(word, 1, Integer::sum));
    }
    double maxFrequency = frequencies.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    double[] scores = new double[sentences.size()];
    for (int i = 0; i < sentences.size(); i++) {
      String sentence = sentences.get(i);
      double weight = 0;
      for (String word : wordsOf.get(i)) {
        weight += frequencies.get(word) / maxFrequency;
      }
      int length = Math.max(1, wordCount(sentence));
      // The square root rewards substance without letting long sentences win on length alone.
      scores[i] = weight / Math.sqrt(length) * positionBonus(i) * (length < 4 ? 0.5 : 1.0);
    }
    return scores;
  }

  /** The words of {@code text.strip().split("\\s+")}, counted without building them. */
  static int wordCount(String text) {
    String stripped = text.strip();
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < stripped.length(); i++) {
      boolean space = isRegexSpace(stripped.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }

  /** The characters of the regular expression {@code \s}: ASCII whitespace only. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** Opening sentences of news and reports tend to state the topic. */
  private static double positionBonus(int index) {
    return index == 0 ? 1.25 : index == 1 ? 1.1 : 1.0;
  }

  /** The matches of {@code \p{L}[\p{L}'’-]*} in the lower-cased sentence, less stop words. */
  static Set<String> contentWords(String sentence) {
    Set<String> words = new HashSet<>();
    String lower = sentence.toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < lower.length()) {
      int start = i;
      int codePoint = lower.codePointAt(i);
      i += Character.charCount(codePoint);
      if (!Character.isLetter(codePoint)) {
        continue;
      }
      while (i < lower.length() && continuesWord(lower.codePointAt(i))) {
        i += Character.charCount(lower.codePointAt(i));
      }
      String word = lower.substring(start, i);
      if (word.length() > 2 && !STOP_WORDS.contains(word)) {
        words.add(word);
      }
    }
    return words;
  }

  private static boolean continuesWord(int codePoint) {
    return Character.isLetter(codePoint)
        || codePoint == '\''
        || codePoint == '’'
        || codePoint == '-';
  }
}
