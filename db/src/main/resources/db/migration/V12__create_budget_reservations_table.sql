-- The worst-case cost held for one model call until it is settled to what the provider billed.
-- An unsettled reservation past expires_at belongs to a worker that died: the reaper releases it.
CREATE TABLE budget_reservations (
    id            bigserial   PRIMARY KEY,
    tenant_id     text        NOT NULL,
    period        text        NOT NULL,
    period_start  date        NOT NULL,
    job_id        text        NOT NULL,
    attempt       integer     NOT NULL,
    amount_micros bigint      NOT NULL CHECK (amount_micros >= 0),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    settled_at    timestamptz,
    FOREIGN KEY (tenant_id, period, period_start)
        REFERENCES tenant_budget_periods (tenant_id, period, period_start) ON DELETE CASCADE
);

CREATE INDEX budget_reservations_expires_at_idx ON budget_reservations (expires_at)
    WHERE settled_at IS NULL;
