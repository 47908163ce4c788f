package dev.promptly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void eventsAreCountedInTheSecondTheyHappenedWithThatSecondsLatencies() {
    List<Timeline.Event> events =
        List.of(
            new Timeline.Event(START.plusMillis(100), 10),
            new Timeline.Event(START.plusMillis(900), 30),
            new Timeline.Event(START.plusMillis(2_500), 7));

    List<Timeline.Second> timeline = Timeline.of(START, events);

    assertThat(timeline)
        .containsExactly(
            new Timeline.Second(0, 2, 10, 30),
            new Timeline.Second(1, 0, 0, 0),
            new Timeline.Second(2, 1, 7, 7));
  }

  @Test
  void anEventJustBeforeTheStartBelongsToTheFirstSecond() {
    List<Timeline.Second> timeline =
        Timeline.of(START, List.of(new Timeline.Event(START.minusNanos(1_000), 1)));

    assertThat(timeline).containsExactly(new Timeline.Second(0, 1, 1, 1));
  }

  @Test
  void noEventsMakeAnEmptyTimeline() {
    assertThat(Timeline.of(START, List.of())).isEmpty();
  }
}
