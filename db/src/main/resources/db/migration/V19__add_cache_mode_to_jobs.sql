-- How the job may be answered from the tenant's earlier answers: 'exact', 'semantic' or 'off'.
-- Jobs stored before this column existed keep the behaviour they were submitted under: 'exact'.
ALTER TABLE jobs
  ADD COLUMN cache_mode text NOT NULL DEFAULT 'exact'
    CONSTRAINT jobs_cache_mode_check CHECK (cache_mode IN ('exact', 'semantic', 'off'));
