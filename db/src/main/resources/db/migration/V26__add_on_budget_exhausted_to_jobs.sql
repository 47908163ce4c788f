-- What a job does when a call would pass its tenant's budget: fail with budget_exceeded, or wait
-- (queued, waiting_for budget) for the next period or a raised budget.
ALTER TABLE jobs ADD COLUMN on_budget_exhausted text NOT NULL DEFAULT 'fail'
    CONSTRAINT jobs_on_budget_exhausted_check CHECK (on_budget_exhausted IN ('fail', 'wait'));
