package dev.promptly.worker.attempts;

import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.budgets.BudgetLedger.Settlement;
import dev.promptly.worker.calls.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows that the endings of one completer batch write beside their jobs' own: the attempts'
 * outcomes, the calls' ledger rows and the budget settlements. Each ending adds its rows while the
 * batch runs; {@link #write} writes them just before the batch commits, one multi-row statement per
 * table, so a batch of N endings costs three statements more, not 3N, and the tenants' budget rows
 * stay locked only for the commit.
 */
final class EndingRows {
  /** One call's ledger row. */
  record LedgerRow(String tenantId, String jobId, int attempt, Usage usage, Instant at) {}

  /** One attempt's outcome. */
  record Finish(
      String jobId,
      int attempt,
      AttemptOutcome outcome,
      String errorCode,
      String errorMessage,
      Instant at) {}

  private final AttemptLog attempts;
  private final UsageLedger ledger;
  private final BudgetLedger budgets;
  private final List<Finish> finishes = new ArrayList<>();
  private final List<LedgerRow> ledgerRows = new ArrayList<>();

  EndingRows(AttemptLog attempts, UsageLedger ledger, BudgetLedger budgets) {
    this.attempts = attempts;
    this.ledger = ledger;
    this.budgets = budgets;
  }

  /** Closes the attempt with its outcome. */
  void finish(Finish finish) {
    finishes.add(finish);
  }

  /**
   * Charges every call of the attempt: a ledger row each, priced by the model that served it, and
   * its cost spent from the tenant's budget, however the attempt ended (a call that was made was
   * billed).
   */
  void charge(String tenantId, String jobId, int attempt, AttemptSpend spend, Instant at) {
    for (Usage usage : spend.calls()) {
      ledgerRows.add(new LedgerRow(tenantId, jobId, attempt, usage, at));
    }
  }

  /** Writes what the batch's endings added, in the batch's transaction. */
  void write() {
    // Job-keyed rows first, in the order of the batch's job row locks; the tenants' budget rows,
    // which every call of a tenant updates, last.
    attempts.finishAll(finishes);
    ledger.recordAll(ledgerRows);
    budgets.settleAll(
        ledgerRows.stream()
            .map(row -> new Settlement(row.usage().reservation(), row.usage().costMicros()))
            .toList());
  }
}
