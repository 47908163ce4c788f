package dev.promptly.worker.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BudgetLookupsTest {
  private static final BudgetLedger.Budget DAILY_100 =
      new BudgetLedger.Budget(BudgetPeriod.DAILY, 100);

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();
  private final BudgetLookups lookups = new BudgetLookups(Duration.ofSeconds(60), nanos::get);

  private Optional<BudgetLedger.Budget> read(String tenant) {
    reads.incrementAndGet();
    return Optional.of(DAILY_100);
  }

  @Test
  void whileListeningABudgetIsReadOncePerTenant() {
    lookups.listening();

    lookups.budgetOf("t1", this::read);
    lookups.budgetOf("t1", this::read);
    lookups.budgetOf("t2", this::read);

    assertThat(reads).hasValue(2);
  }

  @Test
  void withoutNotificationsEveryLookupReadsTheDatabase() {
    lookups.budgetOf("t1", this::read);
    lookups.budgetOf("t1", this::read);
    lookups.listening();
    lookups.budgetOf("t1", this::read);
    lookups.deaf();
    lookups.budgetOf("t1", this::read);

    assertThat(reads).hasValue(4);
  }

  @Test
  void aNotificationDropsOnlyItsTenant() {
    lookups.listening();
    lookups.budgetOf("t1", this::read);
    lookups.budgetOf("t2", this::read);

    lookups.notified("t1");
    lookups.budgetOf("t1", this::read);
    lookups.budgetOf("t2", this::read);

    assertThat(reads).hasValue(3);
  }

  @Test
  void aValueReadBeforeANotificationIsNotRemembered() {
    lookups.listening();

    // The budget changes while it is being read: what was read may be the old one.
    lookups.budgetOf(
        "t1",
        tenant -> {
          lookups.notified("t1");
          return read(tenant);
        });
    lookups.budgetOf("t1", this::read);

    assertThat(reads).hasValue(2);
  }

  @Test
  void anEntryIsReadAgainAfterItsTtl() {
    lookups.listening();
    lookups.budgetOf("t1", this::read);

    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    lookups.budgetOf("t1", this::read);
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    lookups.budgetOf("t1", this::read);

    assertThat(reads).hasValue(2);
  }

  @Test
  void reconnectingForgetsWhatWasRemembered() {
    lookups.listening();
    lookups.budgetOf("t1", this::read);

    lookups.deaf();
    lookups.listening();
    lookups.budgetOf("t1", this::read);

    assertThat(reads).hasValue(2);
  }
}
