-- Workers keep tenants' semantic cache settings in memory; a change tells them when it commits.
CREATE FUNCTION notify_tenant_cache_settings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('promptly_tenant_cache_settings', NEW.id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER tenants_notify_cache_settings_changed
    AFTER UPDATE OF semantic_cache_default, semantic_cache_any_temperature ON tenants
    FOR EACH ROW
    EXECUTE FUNCTION notify_tenant_cache_settings_changed();
