package dev.promptly.worker.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.worker.llm.ChatCompletion;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallTimerTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final CallTimer timer = new CallTimer(nanos::get);

  @Test
  void elapsedIsTheTimeBetweenTheCallStartingAndItsAnswer() {
    nanos.addAndGet(5_000_000); // time spent before the call (permit, reservation) is not counted

    timer.time(
        () -> {
          nanos.addAndGet(Duration.ofMillis(200).toNanos());
          return new ChatCompletion("hi", "stop", 1, 1);
        });

    assertThat(timer.elapsed()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void elapsedIsZeroBeforeAnyCallAnswered() {
    assertThat(timer.elapsed()).isZero();
  }
}
