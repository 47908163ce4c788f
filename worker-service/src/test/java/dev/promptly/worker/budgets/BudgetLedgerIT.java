package dev.promptly.worker.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.budgets.BudgetLedger.Settlement;
import dev.promptly.worker.notifications.TenantMemo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class BudgetLedgerIT extends WorkerIntegrationTest {
  @Autowired BudgetLedger budgets;
  @Autowired TenantMemo<Optional<BudgetLedger.Budget>> lookups;

  @Test
  void aTenantWithoutABudgetReservesNothing() {
    TestJob job = aQueuedJob().insert();

    Reservation reservation =
        budgets
            .reserve(job.tenantId(), job.id(), 1, 1_000_000_000L, Duration.ofSeconds(30))
            .orElseThrow();

    assertThat(reservation.isHeld()).isFalse();
  }

  @Test
  void aBudgetSetAfterTheWorkerRememberedNoneIsEnforcedOnceItsChangeIsNotified() {
    await().atMost(Duration.ofSeconds(10)).until(lookups::isListening);
    TestJob job = aQueuedJob().insert();
    assertThat(budgets.reserve(job.tenantId(), job.id(), 1, 1_000, Duration.ofSeconds(30)))
        .hasValueSatisfying(reservation -> assertThat(reservation.isHeld()).isFalse());

    setBudget(job.tenantId(), "daily", 100);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> budgets.reserve(job.tenantId(), job.id(), 1, 1_000, Duration.ofSeconds(30)),
            java.util.Optional::isEmpty);
    jdbc.sql("UPDATE tenant_budgets SET limit_micros = 10000 WHERE tenant_id = ?")
        .param(job.tenantId())
        .update();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> budgets.reserve(job.tenantId(), job.id(), 1, 1_000, Duration.ofSeconds(30)),
            java.util.Optional::isPresent);
  }

  @Test
  void settlingMovesTheReservationToWhatTheCallCost() {
    TestJob job = aQueuedJob().insert();
    setBudget(job.tenantId(), "daily", 100);
    Reservation reservation =
        budgets.reserve(job.tenantId(), job.id(), 1, 60, Duration.ofSeconds(30)).orElseThrow();

    budgets.settleAll(List.of(new Settlement(reservation, 25)));

    assertThat(totals(job.tenantId())).isEqualTo("spent=25 reserved=0");
    assertThat(budgets.reserve(job.tenantId(), job.id(), 1, 75, Duration.ofSeconds(30)))
        .isPresent();
    assertThat(budgets.reserve(job.tenantId(), job.id(), 1, 1, Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void aCallThatAnsweredHoldsOnlyWhatItCostUntilItsAttemptEnds() {
    TestJob job = aQueuedJob().insert();
    setBudget(job.tenantId(), "daily", 100);
    Reservation reservation =
        budgets.reserve(job.tenantId(), job.id(), 1, 90, Duration.ofSeconds(30)).orElseThrow();

    Reservation cut = budgets.reduceTo(reservation, 30);

    assertThat(totals(job.tenantId())).isEqualTo("spent=0 reserved=30");
    assertThat(budgets.reserve(job.tenantId(), job.id(), 1, 70, Duration.ofSeconds(30)))
        .isPresent();
    budgets.settleAll(List.of(new Settlement(cut, 30)));
    assertThat(totals(job.tenantId())).isEqualTo("spent=30 reserved=70");
  }

  @Test
  void aFailedCallsReservationIsGivenBackUnspent() {
    TestJob job = aQueuedJob().insert();
    setBudget(job.tenantId(), "daily", 100);
    Reservation reservation =
        budgets.reserve(job.tenantId(), job.id(), 1, 90, Duration.ofSeconds(30)).orElseThrow();

    budgets.release(reservation);

    assertThat(totals(job.tenantId())).isEqualTo("spent=0 reserved=0");
  }

  @Test
  void aCallThatOutlivedItsReservationIsStillChargedOnce() {
    TestJob job = aQueuedJob().insert();
    setBudget(job.tenantId(), "daily", 100);
    Reservation expired =
        budgets.reserve(job.tenantId(), job.id(), 1, 50, Duration.ofSeconds(-300)).orElseThrow();
    Reservation live =
        budgets.reserve(job.tenantId(), job.id(), 1, 20, Duration.ofSeconds(30)).orElseThrow();
    budgets.releaseExpired();
    assertThat(totals(job.tenantId())).isEqualTo("spent=0 reserved=20");

    budgets.settleAll(List.of(new Settlement(expired, 40), new Settlement(live, 15)));

    // The released one is charged without being released twice; the live one is released.
    assertThat(totals(job.tenantId())).isEqualTo("spent=55 reserved=0");
  }

  @Test
  void aReservationNobodySettlesIsReleasedByTheReaperOnceItExpires() {
    TestJob job = aQueuedJob().insert();
    setBudget(job.tenantId(), "daily", 100);
    budgets.reserve(job.tenantId(), job.id(), 1, 100, Duration.ofSeconds(-300)).orElseThrow();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> totals(job.tenantId()), totals -> totals.equals("spent=0 reserved=0"));

    assertThat(budgets.reserve(job.tenantId(), job.id(), 1, 100, Duration.ofSeconds(30)))
        .isPresent();
  }

  private String totals(String tenant) {
    return jdbc.sql(
            "SELECT 'spent=' || spent_micros || ' reserved=' || reserved_micros"
                + " FROM tenant_budget_periods WHERE tenant_id = ?")
        .param(tenant)
        .query(String.class)
        .single();
  }
}
