package dev.promptly.emulator.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scorer scans words by hand for speed; these pin it to the regular expressions it replaced, on
 * text where the two could part: tabs, no-break and Unicode spaces, curly apostrophes, hyphens,
 * accents, scripts without case and letters outside the Basic Multilingual Plane.
 */
class SentenceScorerTest {

  private static final List<String> TRICKY =
      List.of(
          "",
          "   ",
          "one",
          "  Two  words  ",
          "tab\tand\nnewline\u000Bvertical\fform\rreturn",
          "no\u00A0break and ideographic\u3000space and\u2028separator",
          "control\u001Cseparators\u001Fcount",
          "Well-known, state-of-the-art o'clock l’été -dash- 'quoted'",
          "Ça coûte très cher À L’ÉTÉ, naïve façade",
          "北京是中国的首都。它很大。",
          "Mathematical 𝒜𝒷𝒸 letters and emoji 🚢 ships",
          "digits 123abc and under_scores and ĲSSEL",
          "The the THE and and again again again");

  @Test
  void wordCountIsTheNumberOfPiecesOfSplittingOnWhitespace() {
    for (String text : TRICKY) {
      String stripped = text.strip();
      int expected = stripped.isEmpty() ? 0 : stripped.split("\\s+").length;

      assertThat(SentenceScorer.wordCount(text)).as("%s", text).isEqualTo(expected);
    }
  }

  @Test
  void contentWordsAreTheRegexWordsOfThreeLettersOrMoreWithoutStopWords() {
    Pattern word = Pattern.compile("\\p{L}[\\p{L}'’-]*");
    for (String text : TRICKY) {
      Set<String> expected = new LinkedHashSet<>();
      Matcher matcher = word.matcher(text.toLowerCase(Locale.ROOT));
      while (matcher.find()) {
        if (matcher.group().length() > 2 && !SentenceScorer.STOP_WORDS.contains(matcher.group())) {
          expected.add(matcher.group());
        }
      }

      assertThat(SentenceScorer.contentWords(text)).as("%s", text).isEqualTo(expected);
    }
  }
}
