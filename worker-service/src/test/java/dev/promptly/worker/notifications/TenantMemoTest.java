package dev.promptly.worker.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenantMemoTest {
  private static final OptionalLong DAILY_100 = OptionalLong.of(100);

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();
  private final TenantMemo<OptionalLong> lookups =
      new TenantMemo<>(Duration.ofSeconds(60), nanos::get);

  private OptionalLong read(String tenant) {
    reads.incrementAndGet();
    return DAILY_100;
  }

  @Test
  void whileListeningABudgetIsReadOncePerTenant() {
    lookups.listening();

    lookups.valueOf("t1", this::read);
    lookups.valueOf("t1", this::read);
    lookups.valueOf("t2", this::read);

    assertThat(reads).hasValue(2);
  }

  @Test
  void withoutNotificationsEveryLookupReadsTheDatabase() {
    lookups.valueOf("t1", this::read);
    lookups.valueOf("t1", this::read);
    lookups.listening();
    lookups.valueOf("t1", this::read);
    lookups.deaf();
    lookups.valueOf("t1", this::read);

    assertThat(reads).hasValue(4);
  }

  @Test
  void aNotificationDropsOnlyItsTenant() {
    lookups.listening();
    lookups.valueOf("t1", this::read);
    lookups.valueOf("t2", this::read);

    lookups.notified("t1");
    lookups.valueOf("t1", this::read);
    lookups.valueOf("t2", this::read);

    assertThat(reads).hasValue(3);
  }

  @Test
  void aValueReadBeforeANotificationIsNotRemembered() {
    lookups.listening();

    // The budget changes while it is being read: what was read may be the old one.
    lookups.valueOf(
        "t1",
        tenant -> {
          lookups.notified("t1");
          return read(tenant);
        });
    lookups.valueOf("t1", this::read);

    assertThat(reads).hasValue(2);
  }

  @Test
  void anEntryIsReadAgainAfterItsTtl() {
    lookups.listening();
    lookups.valueOf("t1", this::read);

    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    lookups.valueOf("t1", this::read);
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    lookups.valueOf("t1", this::read);

    assertThat(reads).hasValue(2);
  }

  @Test
  void reconnectingForgetsWhatWasRemembered() {
    lookups.listening();
    lookups.valueOf("t1", this::read);

    lookups.deaf();
    lookups.listening();
    lookups.valueOf("t1", this::read);

    assertThat(reads).hasValue(2);
  }
}
