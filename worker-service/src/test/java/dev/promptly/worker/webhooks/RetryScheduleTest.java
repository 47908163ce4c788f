package dev.promptly.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryScheduleTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final RetrySchedule schedule =
      new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)));

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204, 299})
  void anyTwoHundredIsDelivered(int status) {
    var decision = schedule.decide(DeliveryAttempt.answered(status, 3), 0, NOW);

    assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(decision.nextAttemptAt()).isNull();
  }

  @Test
  void goneStopsAtOnceWhateverAttemptsAreLeft() {
    var decision = schedule.decide(DeliveryAttempt.answered(410, 3), 0, NOW);

    assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.GONE);
    assertThat(decision.outcome().eventStatus()).isEqualTo("gone");
  }

  @ParameterizedTest
  @ValueSource(ints = {302, 400, 404, 429, 500, 503})
  void otherStatusesAreRetriedAfterTheWaitOfThatAttempt(int status) {
    var first = schedule.decide(DeliveryAttempt.answered(status, 3), 0, NOW);
    var second = schedule.decide(DeliveryAttempt.answered(status, 3), 1, NOW);

    assertThat(first.outcome()).isEqualTo(DeliveryOutcome.RETRY);
    assertThat(first.nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
    assertThat(second.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void timeoutsAndConnectionErrorsAreRetried() {
    var decision = schedule.decide(DeliveryAttempt.failed("timeout", 10_000), 0, NOW);

    assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.RETRY);
  }

  @Test
  void failureAfterTheLastWaitExhaustsTheEvent() {
    var decision = schedule.decide(DeliveryAttempt.answered(500, 3), 2, NOW);

    assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.EXHAUSTED);
    assertThat(decision.outcome().eventStatus()).isEqualTo("failed");
    assertThat(decision.nextAttemptAt()).isNull();
  }

  @Test
  void refusedTargetIsFinalOnTheFirstAttempt() {
    var decision = schedule.decide(DeliveryAttempt.refused("internal"), 0, NOW);

    assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.REFUSED);
    assertThat(decision.outcome().eventStatus()).isEqualTo("failed");
  }
}
