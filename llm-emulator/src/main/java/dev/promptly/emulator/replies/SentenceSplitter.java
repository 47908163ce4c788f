package dev.promptly.emulator.replies;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits prose into sentences. Hard-wrapped lines are joined, while list items and paragraphs stay
 * apart; whitespace inside a sentence is collapsed to single spaces.
 */
final class SentenceSplitter {

  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");
  private static final Pattern LIST_MARKER = Pattern.compile("^\\s*(?:[-*•+]|\\d{1,3}[.)])\\s+");
  private static final Pattern TERMINATOR = Pattern.compile("[.!?]+[\"'”’)\\]]*\\s+");
  private static final Pattern HAS_LETTER = Pattern.compile("\\p{L}");
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc",
          "ltd", "co", "corp", "fig", "approx", "dept", "est", "u.s", "u.k", "jan", "feb", "mar",
          "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

  private SentenceSplitter() {}

  static List<String> split(String text) {
    List<String> sentences = new ArrayList<>();
    for (String paragraph : PARAGRAPH_BREAK.split(text.strip())) {
      for (String segment : segments(paragraph)) {
        splitSegment(segment, sentences);
      }
    }
    return sentences;
  }

  /** Joins wrapped lines of a paragraph, but keeps each list item a segment of its own. */
  private static List<String> segments(String paragraph) {
    List<String> segments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : paragraph.split("\\R")) {
      Matcher marker = LIST_MARKER.matcher(line);
      if (marker.find()) {
        flush(current, segments);
        line = line.substring(marker.end());
      }
      current.append(line.strip()).append(' ');
    }
    flush(current, segments);
    return segments;
  }

  private static void flush(StringBuilder current, List<String> segments) {
    String segment = current.toString().replaceAll("\\s+", " ").strip();
    if (!segment.isEmpty()) {
      segments.add(segment);
    }
    current.setLength(0);
  }

  private static void splitSegment(String segment, List<String> sentences) {
    int start = 0;
    Matcher terminator = TERMINATOR.matcher(segment);
    while (terminator.find()) {
      int end = terminator.end();
      if (end < segment.length() && isBoundary(segment, terminator.start(), end)) {
        add(segment.substring(start, end).strip(), sentences);
        start = end;
      }
    }
    add(segment.substring(start).strip(), sentences);
  }

  private static boolean isBoundary(String segment, int punctuation, int next) {
    char following = segment.charAt(next);
    if (!Character.isUpperCase(following)
        && !Character.isDigit(following)
        && "\"'“‘([".indexOf(following) < 0) {
      return false;
    }
    if (segment.charAt(punctuation) != '.') {
      return true;
    }
    String word = segment.substring(segment.lastIndexOf(' ', punctuation) + 1, punctuation);
    boolean initial = word.length() == 1 && Character.isUpperCase(word.charAt(0));
    return !initial && !ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
  }

  private static void add(String sentence, List<String> sentences) {
    if (HAS_LETTER.matcher(sentence).find()) {
      sentences.add(sentence);
    }
  }
}
