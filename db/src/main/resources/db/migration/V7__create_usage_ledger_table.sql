-- One row per model call, priced in integer micro-dollars.
CREATE TABLE usage_ledger (
    id                bigserial   PRIMARY KEY,
    tenant_id         text        NOT NULL REFERENCES tenants (id),
    job_id            text        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt           integer     NOT NULL,
    model             text        NOT NULL,
    prompt_tokens     integer     NOT NULL,
    completion_tokens integer     NOT NULL,
    cost_micros       bigint      NOT NULL,
    cached            boolean     NOT NULL DEFAULT false,
    recorded_at       timestamptz NOT NULL
);

CREATE INDEX usage_ledger_tenant_id_recorded_at_idx ON usage_ledger (tenant_id, recorded_at);
