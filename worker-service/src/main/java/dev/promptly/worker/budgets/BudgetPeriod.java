package dev.promptly.worker.budgets;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The span a tenant's budget limit applies to, always in UTC. */
public enum BudgetPeriod {
  DAILY("daily"),
  MONTHLY("monthly");

  private final String wireName;

  BudgetPeriod(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static BudgetPeriod of(String wireName) {
    for (BudgetPeriod period : values()) {
      if (period.wireName.equals(wireName)) {
        return period;
      }
    }
    throw new IllegalArgumentException("unknown budget period " + wireName);
  }

  /** The first day (UTC) of the period that holds {@code at}. */
  public LocalDate startOf(Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    return this == DAILY ? day : day.withDayOfMonth(1);
  }

  /** The first instant of the period after the one that starts on {@code start}. */
  public Instant endOf(LocalDate start) {
    LocalDate next = this == DAILY ? start.plusDays(1) : start.plusMonths(1);
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
