package dev.promptly.worker.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiveAnswersTest {

  @Test
  void aShortDeltaGoesWhole() {
    assertThat(LiveAnswers.piecesOf("hello")).containsExactly("hello");
  }

  @Test
  void aLongDeltaGoesInPiecesThatFitANotificationAndMakeUpTheText() {
    String text = "é".repeat(2500);

    List<String> pieces = LiveAnswers.piecesOf(text);

    assertThat(pieces).hasSize(3).allMatch(piece -> piece.length() <= LiveAnswers.MAX_DELTA_CHARS);
    assertThat(String.join("", pieces)).isEqualTo(text);
  }

  @Test
  void aSurrogatePairIsNeverSplit() {
    String text = "a".repeat(LiveAnswers.MAX_DELTA_CHARS - 1) + "😀" + "b";

    List<String> pieces = LiveAnswers.piecesOf(text);

    assertThat(pieces.getFirst()).hasSize(LiveAnswers.MAX_DELTA_CHARS - 1);
    assertThat(pieces.get(1)).startsWith("😀");
  }
}
