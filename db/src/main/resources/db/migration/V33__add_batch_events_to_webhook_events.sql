-- A batch's webhook event (batch.completed) belongs to the batch, not to a job; its body is frozen
-- when it is written, in the transaction that completed the batch. At most one per batch.
ALTER TABLE webhook_events ALTER COLUMN job_id DROP NOT NULL;
ALTER TABLE webhook_events ADD COLUMN batch_id text REFERENCES batches (id) ON DELETE CASCADE;
ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_type_check;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_type_check
    CHECK (type IN ('job.succeeded', 'job.failed', 'job.cancelled', 'batch.completed'));
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_job_or_batch_check
    CHECK (job_id IS NOT NULL OR batch_id IS NOT NULL);
CREATE UNIQUE INDEX webhook_events_batch_id_idx ON webhook_events (batch_id)
    WHERE batch_id IS NOT NULL;

ALTER TABLE webhook_deliveries ALTER COLUMN job_id DROP NOT NULL;
