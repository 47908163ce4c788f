-- At most this many of the tenant's jobs run at once, across all workers; NULL: no cap. Workers
-- keep the caps in memory; a change tells them at once, when its transaction commits.
ALTER TABLE tenants ADD COLUMN max_concurrent_jobs integer
    CONSTRAINT tenants_max_concurrent_jobs_check CHECK (max_concurrent_jobs > 0);

CREATE FUNCTION notify_tenant_cap_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('promptly_tenant_caps', NEW.id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER tenants_notify_cap_changed
    AFTER UPDATE OF max_concurrent_jobs ON tenants
    FOR EACH ROW
    WHEN (OLD.max_concurrent_jobs IS DISTINCT FROM NEW.max_concurrent_jobs)
    EXECUTE FUNCTION notify_tenant_cap_changed();
