-- A capped tenant's claim counts its running jobs; a freed slot looks for its waiting jobs.
CREATE INDEX jobs_running_tenant_id_idx ON jobs (tenant_id) WHERE status = 'running';
CREATE INDEX jobs_waiting_tenant_id_waiting_for_idx ON jobs (tenant_id, waiting_for, created_at)
    WHERE waiting_for IS NOT NULL;
