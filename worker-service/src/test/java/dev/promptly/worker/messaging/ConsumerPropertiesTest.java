package dev.promptly.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.model.Priority;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerPropertiesTest {

  @Test
  void defaultConcurrencyFavoursHighPriority() {
    ConsumerProperties properties = withConcurrency(16);

    assertThat(properties.consumersFor(Priority.HIGH)).isEqualTo(8);
    assertThat(properties.consumersFor(Priority.NORMAL)).isEqualTo(6);
    assertThat(properties.consumersFor(Priority.LOW)).isEqualTo(2);
  }

  @Test
  void consumersAddUpToTheConcurrency() {
    ConsumerProperties properties = withConcurrency(500);

    assertThat(properties.consumersFor(Priority.HIGH)).isEqualTo(250);
    assertThat(properties.consumersFor(Priority.NORMAL)).isEqualTo(175);
    assertThat(properties.consumersFor(Priority.LOW)).isEqualTo(75);
  }

  @Test
  void everyQueueGetsAConsumerEvenAtTheSmallestConcurrency() {
    ConsumerProperties properties = withConcurrency(3);

    for (Priority priority : Priority.values()) {
      assertThat(properties.consumersFor(priority)).isEqualTo(1);
    }
  }

  @Test
  void sharesAboveOneHundredPercentAreRefused() {
    assertThatThrownBy(
            () ->
                new ConsumerProperties(
                    16,
                    70,
                    40,
                    1,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requeueDelayDoublesUpToItsMaximum() {
    DelayedRequeue requeue = new DelayedRequeue(null, withConcurrency(16));

    assertThat(requeue.delayFor(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(requeue.delayFor(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(requeue.delayFor(50)).isEqualTo(Duration.ofSeconds(30));
  }

  private static ConsumerProperties withConcurrency(int concurrency) {
    return new ConsumerProperties(
        concurrency,
        50,
        35,
        1,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30));
  }
}
