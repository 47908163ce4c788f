-- At most one budget per tenant: the spending limit of one period, in integer micro-dollars.
CREATE TABLE tenant_budgets (
    tenant_id    text        PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    period       text        NOT NULL CHECK (period IN ('daily', 'monthly')),
    limit_micros bigint      NOT NULL CHECK (limit_micros >= 0),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
