-- A job's latest dispatch (a released job's trace context) is one probe of this index. With an
-- index on job_id alone the planner walked the primary key backwards instead and, for a job with
-- no dispatch yet (one parked at submission), read every dispatch row: a release of 500 parked jobs
-- took seconds on a table of 20,000 dispatches. It serves every lookup by job_id, so the old one
-- goes.
CREATE INDEX job_dispatches_job_id_id_idx ON job_dispatches (job_id, id);
DROP INDEX job_dispatches_job_id_idx;
