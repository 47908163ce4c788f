-- The running totals of one tenant's budget period (UTC day or month), in integer micro-dollars.
-- Reservations are taken by a conditional UPDATE of this row, so concurrent workers serialize on it
-- and never admit together what does not fit the limit.
CREATE TABLE tenant_budget_periods (
    tenant_id       text        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    period          text        NOT NULL CHECK (period IN ('daily', 'monthly')),
    period_start    date        NOT NULL,
    spent_micros    bigint      NOT NULL DEFAULT 0 CHECK (spent_micros >= 0),
    reserved_micros bigint      NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, period, period_start)
);
