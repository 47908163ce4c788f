package dev.promptly.worker.budgets;

/**
 * Money held for one model call until it is settled.
 *
 * @param id the {@code budget_reservations} row, or 0 when the tenant has no budget
 * @param amountMicros the worst case held, in micro-dollars
 */
public record Reservation(long id, long amountMicros) {
  /** What a tenant without a budget gets: nothing is held, nothing needs settling. */
  public static final Reservation UNLIMITED = new Reservation(0, 0);

  public boolean isHeld() {
    return id != 0;
  }
}
