-- An admin replay of a failed job starts its attempts from 1 again. The attempts of earlier lives
-- stay as history, marked replayed, and only the live ones must be unique per number.
ALTER TABLE job_attempts ADD COLUMN replayed boolean NOT NULL DEFAULT false;
ALTER TABLE job_attempts DROP CONSTRAINT job_attempts_job_id_attempt_key;
CREATE UNIQUE INDEX job_attempts_job_id_attempt_live_idx ON job_attempts (job_id, attempt) WHERE NOT replayed;
