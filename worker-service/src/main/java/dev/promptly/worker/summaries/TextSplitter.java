package dev.promptly.worker.summaries;

import com.knuddels.jtokkit.api.IntArrayList;
import dev.promptly.worker.llm.O200kEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a text into chunks of at most a number of tokens (o200k_base, as OpenAI's current models
 * count), cutting between paragraphs where it can, else between sentences, and only inside a
 * sentence longer than a whole chunk. A chunk may begin with the last sentence of the one before
 * (the overlap), so that a fact spanning the cut is seen whole at least once.
 */
public final class TextSplitter {
  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");
  // After . ! ? (and closing quotes or brackets), before an upper-case letter, digit or opening
  // quote: "Dr. smith" stays whole, "end. Next" is cut.
  private static final Pattern SENTENCE_BREAK =
      Pattern.compile("(?<=[.!?][\"'”’)\\]]?)\\s+(?=[\\p{Lu}\\d\"'“‘(\\[])");
  private static final String PARAGRAPH_JOIN = "\n\n";

  /** One piece that is never cut further, with its token count. */
  private record Piece(String text, int tokens, boolean endsParagraph) {}

  /** Tokens of a text. */
  public int count(String text) {
    return O200kEncoding.get().countTokensOrdinary(text);
  }

  /**
   * @param maxTokens the most tokens a chunk may hold
   * @param overlapTokens the most tokens of the previous chunk's tail a chunk may repeat
   */
  public List<String> split(String text, int maxTokens, int overlapTokens) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be positive");
    }
    List<Piece> pieces = pieces(text, maxTokens);
    List<String> chunks = new ArrayList<>();
    List<Piece> current = new ArrayList<>();
    int tokens = 0;
    for (Piece piece : pieces) {
      if (!current.isEmpty() && tokens + piece.tokens() + 1 > maxTokens) {
        chunks.add(join(current));
        Piece tail = current.getLast();
        current = new ArrayList<>();
        tokens = 0;
        if (tail.tokens() <= overlapTokens && tail.tokens() + piece.tokens() + 1 <= maxTokens) {
          current.add(tail);
          tokens = tail.tokens() + 1;
        }
      }
      current.add(piece);
      tokens += piece.tokens() + 1;
    }
    if (!current.isEmpty()) {
      chunks.add(join(current));
    }
    return chunks;
  }

  private List<Piece> pieces(String text, int maxTokens) {
    List<Piece> pieces = new ArrayList<>();
    for (String paragraph : PARAGRAPH_BREAK.split(text.strip())) {
      String trimmed = paragraph.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int tokens = count(trimmed);
      if (tokens <= maxTokens) {
        pieces.add(new Piece(trimmed, tokens, true));
        continue;
      }
      String[] sentences = SENTENCE_BREAK.split(trimmed);
      for (int i = 0; i < sentences.length; i++) {
        boolean last = i == sentences.length - 1;
        int sentenceTokens = count(sentences[i]);
        if (sentenceTokens <= maxTokens) {
          pieces.add(new Piece(sentences[i], sentenceTokens, last));
        } else {
          cutByTokens(sentences[i], maxTokens, last, pieces);
        }
      }
    }
    return pieces;
  }

  /** The last resort for a "sentence" longer than a chunk (a table, a run-on list). */
  private void cutByTokens(String sentence, int maxTokens, boolean endsParagraph, List<Piece> out) {
    IntArrayList tokens = O200kEncoding.get().encodeOrdinary(sentence);
    for (int start = 0; start < tokens.size(); start += maxTokens) {
      int end = Math.min(start + maxTokens, tokens.size());
      IntArrayList slice = new IntArrayList(end - start);
      for (int i = start; i < end; i++) {
        slice.add(tokens.get(i));
      }
      String text = O200kEncoding.get().decode(slice).strip();
      if (!text.isEmpty()) {
        out.add(new Piece(text, count(text), endsParagraph && end == tokens.size()));
      }
    }
  }

  private static String join(List<Piece> pieces) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pieces.size(); i++) {
      if (i > 0) {
        text.append(pieces.get(i - 1).endsParagraph() ? PARAGRAPH_JOIN : " ");
      }
      text.append(pieces.get(i).text());
    }
    return text.toString();
  }
}
