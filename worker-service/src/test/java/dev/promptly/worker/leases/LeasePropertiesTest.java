package dev.promptly.worker.leases;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeasePropertiesTest {

  @Test
  void defaultsLeaveRoomForMissedBeats() {
    assertThatCode(() -> new LeaseProperties(Duration.ofSeconds(30), Duration.ofSeconds(10)))
        .doesNotThrowAnyException();
  }

  @Test
  void leaseThatTwoBeatsCannotKeepAliveIsRefused() {
    assertThatThrownBy(() -> new LeaseProperties(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeat-interval");
  }
}
