-- A batch: many jobs submitted at once and followed as one. Its counts are never stored: they are
-- counted from its jobs (jobs_batch_id_status_idx), so there is no counter to drift. status is
-- running until every job is terminal, then completed; cancelled at once when the client cancels
-- it. completed_at is when its last job ended, whatever the status.
CREATE TABLE batches (
    id                text        PRIMARY KEY,
    tenant_id         text        NOT NULL REFERENCES tenants (id),
    status            text        NOT NULL CHECK (status IN ('running', 'completed', 'cancelled')),
    total             integer     NOT NULL CHECK (total BETWEEN 1 AND 10000),
    webhook_url       text,
    metadata          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    completion_window text,
    idempotency_key   text,
    request_hash      text,
    request_id        text,
    created_at        timestamptz NOT NULL,
    cancelled_at      timestamptz,
    completed_at      timestamptz,
    CONSTRAINT batches_tenant_id_idempotency_key_key UNIQUE (tenant_id, idempotency_key)
);

-- Ids sort by creation time: newest-first listing and cursor paging walk this index.
CREATE INDEX batches_tenant_id_id_idx ON batches (tenant_id, id DESC);
