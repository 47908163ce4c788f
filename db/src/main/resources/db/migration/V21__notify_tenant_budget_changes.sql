-- Workers keep tenants' budgets in memory instead of reading them before every model call; a
-- change to a budget tells them at once, when its transaction commits, with the tenant's id.
CREATE FUNCTION notify_tenant_budget_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('promptly_tenant_budgets', OLD.tenant_id);
    ELSE
        PERFORM pg_notify('promptly_tenant_budgets', NEW.tenant_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tenant_budgets_notify_changed
    AFTER INSERT OR UPDATE OR DELETE ON tenant_budgets
    FOR EACH ROW
    EXECUTE FUNCTION notify_tenant_budget_changed();
