package dev.promptly.worker.circuit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitPropertiesTest {

  @Test
  void minimumCallsBeyondTheWindowAreRefused() {
    assertThatThrownBy(
            () -> new CircuitProperties(50, 10, 11, Duration.ofSeconds(30), 3, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minimum-calls");
  }

  @Test
  void openWaitMustBePositive() {
    assertThatThrownBy(() -> new CircuitProperties(50, 20, 10, Duration.ZERO, 3, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("open-wait");
  }
}
