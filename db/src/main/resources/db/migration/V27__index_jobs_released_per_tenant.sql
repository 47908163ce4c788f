-- A tenant's queued jobs that are not parked: in the broker or about to be. A submission counts
-- them against the tenant's window (fair share); a refill counts them before letting more go.
CREATE INDEX jobs_released_tenant_id_idx ON jobs (tenant_id)
    WHERE status = 'queued' AND waiting_for IS NULL;
