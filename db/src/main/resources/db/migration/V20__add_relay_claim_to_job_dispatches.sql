-- The outbox relay claims the rows it hands to its publisher for a short lease instead of holding
-- their row locks while it waits for the broker: another relay skips a claimed row until the
-- lease has passed (the publish failed or its process died), then takes it.
ALTER TABLE job_dispatches ADD COLUMN relay_claimed_until timestamptz;
