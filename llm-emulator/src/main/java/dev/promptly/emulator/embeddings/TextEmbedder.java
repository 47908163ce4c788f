package dev.promptly.emulator.embeddings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Deterministic embeddings without a model: hashed features of the text (word unigrams, word
 * bigrams and character trigrams of each word), each feature adding its weight to one dimension
 * with a sign taken from the hash, then L2-normalised. A paraphrase shares most words and word
 * stems (the trigrams), and a reordered sentence all its unigrams and most trigrams, so both come
 * out close; texts without words in common come out near-orthogonal. The same text always gives the
 * same vector, in any emulator.
 */
public class TextEmbedder {
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
  // Words that carry no topic: without them two unrelated questions would look alike.
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "was", "be",
          "it", "this", "that", "with", "as", "at", "by", "me", "my", "i", "you", "your", "please",
          "can", "could", "would", "what", "do", "does");
  private static final double UNIGRAM = 1.0;
  private static final double BIGRAM = 0.5;
  private static final double TRIGRAM = 0.35;

  /** The text's vector of {@code dimensions} floats, of length 1 (or all zero for no words). */
  public float[] embed(String text, int dimensions) {
    double[] sums = new double[dimensions];
    List<String> words = words(text);
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      add(sums, "w:" + word, UNIGRAM);
      if (i > 0) {
        add(sums, "b:" + words.get(i - 1) + " " + word, BIGRAM);
      }
      String padded = "<" + word + ">";
      for (int j = 0; j + 3 <= padded.length(); j++) {
        add(sums, "t:" + padded.substring(j, j + 3), TRIGRAM);
      }
    }
    return normalised(sums);
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : NOT_WORD.split(text.toLowerCase(Locale.ROOT))) {
      // One letter is what is left of "what's" or "don't": no topic either.
      if (word.length() > 1 && !STOP_WORDS.contains(word)) {
        words.add(word);
      }
    }
    return words;
  }

  private static void add(double[] sums, String feature, double weight) {
    long hash = fnv1a(feature);
    int index = (int) Long.remainderUnsigned(hash, sums.length);
    // The sign from other bits of the hash: collisions cancel out on average instead of piling up.
    sums[index] += ((hash >>> 63) == 0 ? weight : -weight);
  }

  private static float[] normalised(double[] sums) {
    double norm = 0;
    for (double value : sums) {
      norm += value * value;
    }
    norm = Math.sqrt(norm);
    float[] vector = new float[sums.length];
    for (int i = 0; i < sums.length; i++) {
      vector[i] = norm == 0 ? 0f : (float) (sums[i] / norm);
    }
    return vector;
  }

  // 64-bit FNV-1a, then a final mix so that the top bit (the sign) is as random as the rest.
  private static long fnv1a(String feature) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    return hash;
  }
}
