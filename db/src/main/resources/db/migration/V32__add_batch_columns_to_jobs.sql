-- A job of a batch knows its batch, the client's custom_id and its place in the submission
-- (batch_index, from 0), by which results are returned in order. Only batch jobs are indexed.
ALTER TABLE jobs ADD COLUMN batch_id text REFERENCES batches (id);
ALTER TABLE jobs ADD COLUMN custom_id text;
ALTER TABLE jobs ADD COLUMN batch_index integer;

-- The batch's counts, and "is any job of the batch not terminal yet" at its completion.
CREATE INDEX jobs_batch_id_status_idx ON jobs (batch_id, status) WHERE batch_id IS NOT NULL;
-- Results in submission order, paged by batch_index.
CREATE UNIQUE INDEX jobs_batch_id_batch_index_idx ON jobs (batch_id, batch_index)
    WHERE batch_id IS NOT NULL;
