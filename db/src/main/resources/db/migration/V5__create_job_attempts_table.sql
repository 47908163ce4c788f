CREATE TABLE job_attempts (
    id            bigserial   PRIMARY KEY,
    job_id        text        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt       integer     NOT NULL,
    worker_id     text        NOT NULL,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    outcome       text        CHECK (outcome IN ('succeeded', 'failed', 'retryable_error', 'cancelled', 'abandoned')),
    error_code    text,
    error_message text,
    CONSTRAINT job_attempts_job_id_attempt_key UNIQUE (job_id, attempt)
);
