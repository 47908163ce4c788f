-- Jobs submitted with completion_window "24h" run through the provider's own batch API (OpenAI's
-- Files + Batches protocol) at the catalog's batch prices. A provider batch is one input file of
-- such jobs for one provider and model; each step of its life is recorded here before the next
-- one starts, so that a worker that dies between two steps leaves a row another worker finishes:
--   assembled  the row and its jobs are written; file_key names the file for the provider
--   uploaded   the input file is at the provider (input_file_id)
--   submitted  the provider batch exists (provider_batch_id); polled until it ends
--   completed  its output and error files were mapped back to the jobs
--   failed     the provider refused or lost it; its jobs were sent back to wait or run live
--   cancelled  it was cancelled at the provider (its last open line was cancelled)
CREATE TABLE provider_batches (
    id                text PRIMARY KEY,
    provider          text        NOT NULL,
    model_alias       text        NOT NULL,
    model             text        NOT NULL,
    state             text        NOT NULL
        CONSTRAINT provider_batches_state_check CHECK (state IN (
            'assembled', 'uploaded', 'submitted', 'completed', 'failed', 'cancelled')),
    file_key          text        NOT NULL UNIQUE,
    input_file_id     text,
    provider_batch_id text,
    output_file_id    text,
    error_file_id     text,
    line_count        integer     NOT NULL,
    provider_status   text,
    error             text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    submitted_at      timestamptz,
    finished_at       timestamptz,
    next_poll_at      timestamptz
);

CREATE INDEX provider_batches_open ON provider_batches (next_poll_at)
    WHERE state IN ('assembled', 'uploaded', 'submitted');

-- route: how the job runs (API.md, the job resource); completion_window and deadline_at: by when a
-- provider-batch job must end (created_at + 24 h); provider_batch_id: the provider batch whose file
-- holds the job's line, NULL while it waits for one; the reservation: the budget held for the line
-- at the batch price from assembly until its answer is charged.
ALTER TABLE jobs
    ADD COLUMN route text NOT NULL DEFAULT 'live'
        CONSTRAINT jobs_route_check CHECK (route IN ('live', 'provider_batch')),
    ADD COLUMN completion_window text
        CONSTRAINT jobs_completion_window_check CHECK (completion_window IN ('24h')),
    ADD COLUMN deadline_at timestamptz,
    ADD COLUMN provider_batch_id text REFERENCES provider_batches (id),
    ADD COLUMN provider_batch_reservation_id bigint,
    ADD COLUMN provider_batch_reserved_micros bigint;

-- The router's scan: provider-batch jobs waiting for a file, per model, oldest first.
CREATE INDEX jobs_waiting_for_provider_batch ON jobs (model_alias, created_at)
    WHERE route = 'provider_batch' AND status = 'queued' AND provider_batch_id IS NULL;

CREATE INDEX jobs_by_provider_batch ON jobs (provider_batch_id)
    WHERE provider_batch_id IS NOT NULL;

-- The deadline fallback's scan: provider-batch jobs still waiting, by deadline.
CREATE INDEX jobs_provider_batch_deadline ON jobs (deadline_at)
    WHERE route = 'provider_batch' AND status = 'queued';

-- Lines whose budget is still held: those of jobs that ended meanwhile (cancelled) are released.
CREATE INDEX jobs_provider_batch_reservation ON jobs (id)
    WHERE provider_batch_reservation_id IS NOT NULL;
