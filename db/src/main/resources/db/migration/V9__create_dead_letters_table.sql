-- A job that ended in `failed` (attempts exhausted or a permanent error) is recorded here in the
-- same transaction, so admins can list and replay it. A replay sets replayed_at and requeues the job.
CREATE TABLE dead_letters (
    id            bigserial   PRIMARY KEY,
    job_id        text        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tenant_id     text        NOT NULL REFERENCES tenants (id),
    error_code    text        NOT NULL,
    error_message text,
    attempts      integer     NOT NULL,
    failed_at     timestamptz NOT NULL,
    replayed_at   timestamptz
);

CREATE INDEX dead_letters_unreplayed_id_idx ON dead_letters (id DESC) WHERE replayed_at IS NULL;
CREATE INDEX dead_letters_job_id_idx ON dead_letters (job_id);
