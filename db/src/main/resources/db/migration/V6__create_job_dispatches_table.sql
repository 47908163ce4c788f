-- The transactional outbox: a row is written in the same transaction as the job (or its retry),
-- and a job message is on the broker once sent_at is set. The relay publishes rows that are
-- still unsent once not_before has passed.
CREATE TABLE job_dispatches (
    id          bigserial   PRIMARY KEY,
    job_id      text        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    routing_key text        NOT NULL,
    traceparent text,
    request_id  text,
    not_before  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz
);

CREATE INDEX job_dispatches_unsent_not_before_idx ON job_dispatches (not_before) WHERE sent_at IS NULL;
CREATE INDEX job_dispatches_job_id_idx ON job_dispatches (job_id);
