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
  // Compiled once: String.split and replaceAll would compile these for every line and segment.
  private static final Pattern LINE_BREAK = Pattern.compile("\\R");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc",
          "ltd", "co", "corp", "fig", "approx", "dept", "est", "u.s", "u.k", "jan", "feb", "mar",
          "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

  private SentenceSplitter() {}

  static List<String> split(String text) {
    List<String> sentences = new ArrayList<>();
    String stripped = text.strip();
    // Most texts have no blank line and no wrapped line: the regular expressions would find
    // nothing.
    String[] paragraphs =
        stripped.indexOf('\n') < 0 ? new String[] {stripped} : PARAGRAPH_BREAK.split(stripped);
    for (String paragraph : paragraphs) {
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
    String[] lines =
        hasLineBreak(paragraph) ? LINE_BREAK.split(paragraph) : new String[] {paragraph};
    for (String line : lines) {
      Matcher marker = LIST_MARKER.matcher(line);
      if (marker.lookingAt()) {
        flush(current, segments);
        line = line.substring(marker.end());
      }
      current.append(line.strip()).append(' ');
    }
    flush(current, segments);
    return segments;
  }

  private static void flush(StringBuilder current, List<String> segments) {
    String collapsed =
        hasSpaceRun(current) ? WHITESPACE.matcher(current).replaceAll(" ") : current.toString();
    String segment = collapsed.strip();
    if (!segment.isEmpty()) {
      segments.add(segment);
    }
    current.setLength(0);
  }

  /** Whether {@code \R} can match: a line terminator of any kind. */
  private static boolean hasLineBreak(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= '\n' && c <= '\r') || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code \s+} matches anything but a single space, so that collapsing changes it. */
  private static boolean hasSpaceRun(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\t' || (c >= '\n' && c <= '\r')) {
        return true;
      }
      if (c == ' ' && i + 1 < text.length() && text.charAt(i + 1) == ' ') {
        return true;
      }
    }
    return false;
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
