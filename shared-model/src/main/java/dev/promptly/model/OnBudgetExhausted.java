package dev.promptly.model;

/** What a job does when a call of it would pass its tenant's budget. */
public enum OnBudgetExhausted {
  /** Fail with {@code budget_exceeded}, without calling the model. */
  FAIL,
  /**
   * Stay {@code queued} with {@code waiting_for: budget}, using no attempt, until the next budget
   * period starts or the budget is raised.
   */
  WAIT;

  /** The lower-case name used in the HTTP API and the database. */
  public String wireName() {
    return WireEnums.wireName(this);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} for an unknown one. */
  public static OnBudgetExhausted fromWireName(String wireName) {
    return WireEnums.fromWireName(OnBudgetExhausted.class, wireName);
  }
}
