-- Parked jobs are let go highest priority first, then oldest (WaitingJobs.release). With the rank
-- in the index, a release reads its batch in index order instead of sorting the tenant's whole
-- backlog; the expression must stay the same as WaitingJobs.PRIORITY_RANK. The index it replaces
-- served the same lookups by tenant and reason.
CREATE INDEX jobs_waiting_tenant_id_rank_created_at_idx
    ON jobs (tenant_id, waiting_for, (CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END),
             created_at)
    WHERE waiting_for IS NOT NULL;
DROP INDEX jobs_waiting_tenant_id_waiting_for_idx;
