-- Reads (every /v1 call but a submission) have a bucket of their own, so that a tenant at its
-- submission limit can still read its jobs. NULL: ten times the submission limit.
ALTER TABLE tenants
    ADD COLUMN read_rate_limit_per_minute integer
        CHECK (read_rate_limit_per_minute IS NULL OR read_rate_limit_per_minute > 0);
