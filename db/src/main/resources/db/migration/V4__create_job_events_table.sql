-- One row per status transition: the audit trail of a job.
CREATE TABLE job_events (
    id          bigserial   PRIMARY KEY,
    job_id      text        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    from_status text,
    to_status   text        NOT NULL,
    detail      text,
    occurred_at timestamptz NOT NULL
);

CREATE INDEX job_events_job_id_idx ON job_events (job_id, id);
