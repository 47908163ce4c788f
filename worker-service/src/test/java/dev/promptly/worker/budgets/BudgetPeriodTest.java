package dev.promptly.worker.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

  @Test
  void aDailyPeriodStartsAtUtcMidnight() {
    Instant lateEvening = Instant.parse("2026-03-31T23:59:59.999Z");

    assertThat(BudgetPeriod.DAILY.startOf(lateEvening)).isEqualTo(LocalDate.parse("2026-03-31"));
    assertThat(BudgetPeriod.DAILY.startOf(Instant.parse("2026-04-01T00:00:00Z")))
        .isEqualTo(LocalDate.parse("2026-04-01"));
  }

  @Test
  void aMonthlyPeriodEndsOnTheLastInstantOfTheMonthInUtc() {
    Instant lastMoment = Instant.parse("2026-01-31T23:59:59.999Z");

    assertThat(BudgetPeriod.MONTHLY.startOf(lastMoment)).isEqualTo(LocalDate.parse("2026-01-01"));
    assertThat(BudgetPeriod.MONTHLY.startOf(lastMoment.plusMillis(1)))
        .isEqualTo(LocalDate.parse("2026-02-01"));
  }

  @Test
  void aMonthlyPeriodOfFebruaryInALeapYearHas29Days() {
    LocalDate start = BudgetPeriod.MONTHLY.startOf(Instant.parse("2028-02-29T12:00:00Z"));

    assertThat(BudgetPeriod.MONTHLY.endOf(start)).isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
  }

  @Test
  void aDailyPeriodEndsAtTheNextUtcMidnightAcrossAYearEnd() {
    LocalDate start = BudgetPeriod.DAILY.startOf(Instant.parse("2026-12-31T08:00:00Z"));

    assertThat(BudgetPeriod.DAILY.endOf(start)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void periodsAreReadFromTheirWireNames() {
    assertThat(BudgetPeriod.of("daily")).isEqualTo(BudgetPeriod.DAILY);
    assertThat(BudgetPeriod.of("monthly")).isEqualTo(BudgetPeriod.MONTHLY);
  }
}
