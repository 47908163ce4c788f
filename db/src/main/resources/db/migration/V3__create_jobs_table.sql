CREATE TABLE jobs (
    id                 text        PRIMARY KEY,
    tenant_id          text        NOT NULL REFERENCES tenants (id),
    kind               text        NOT NULL CHECK (kind IN ('summarize', 'chat')),
    status             text        NOT NULL CHECK (status IN ('queued', 'running', 'retry_scheduled',
                                                              'succeeded', 'failed', 'cancelled')),
    model_alias        text        NOT NULL,
    model              text        NOT NULL,
    priority           text        NOT NULL CHECK (priority IN ('low', 'normal', 'high')),
    input              jsonb       NOT NULL,
    metadata           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    webhook_url        text,
    max_attempts       integer     NOT NULL CHECK (max_attempts BETWEEN 1 AND 20),
    attempts           integer     NOT NULL DEFAULT 0,
    timeout_seconds    integer     NOT NULL CHECK (timeout_seconds > 0),
    result             jsonb,
    error_code         text,
    error_message      text,
    prompt_tokens      integer     NOT NULL DEFAULT 0,
    completion_tokens  integer     NOT NULL DEFAULT 0,
    cost_micros        bigint      NOT NULL DEFAULT 0,
    cached             boolean     NOT NULL DEFAULT false,
    cancel_requested   boolean     NOT NULL DEFAULT false,
    worker_id          text,
    lease_expires_at   timestamptz,
    idempotency_key    text,
    request_hash       text,
    request_id         text,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    started_at         timestamptz,
    finished_at        timestamptz,
    CONSTRAINT jobs_tenant_id_idempotency_key_key UNIQUE (tenant_id, idempotency_key)
);

-- Ids sort by creation time, so newest-first listing and cursor paging walk this index.
CREATE INDEX jobs_tenant_id_id_idx ON jobs (tenant_id, id DESC);
CREATE INDEX jobs_status_lease_expires_at_idx ON jobs (lease_expires_at) WHERE status = 'running';
