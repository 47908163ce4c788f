-- One webhook event per terminal transition of a job that has a webhook_url, written by the same
-- statement as the transition (so a transition that lost its compare-and-set writes none). The id
-- is the webhook-id header, the same on every attempt; the body is frozen at the first attempt so
-- every retry sends the same bytes. Workers claim due events with FOR UPDATE SKIP LOCKED and hold
-- them until locked_until: a crashed worker's events come back when that passes.
CREATE TABLE webhook_events (
    id              text        PRIMARY KEY,
    job_id          text        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tenant_id       text        NOT NULL REFERENCES tenants (id),
    type            text        NOT NULL CHECK (type IN ('job.succeeded', 'job.failed', 'job.cancelled')),
    url             text        NOT NULL,
    body            text,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'gone')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);

CREATE INDEX webhook_events_pending_next_attempt_at_idx ON webhook_events (next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX webhook_events_job_id_created_at_idx ON webhook_events (job_id, created_at);

-- One row per delivery attempt, whatever its outcome: what GET /v1/jobs/{id}/deliveries lists.
CREATE TABLE webhook_deliveries (
    id           text        PRIMARY KEY,
    event_id     text        NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    job_id       text        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempted_at timestamptz NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('delivered', 'retry', 'gone', 'exhausted', 'refused')),
    status_code  integer,
    error        text,
    duration_ms  integer     NOT NULL
);

CREATE INDEX webhook_deliveries_job_id_id_idx ON webhook_deliveries (job_id, id);

-- Workers LISTEN on this channel, so an event is sent as soon as its transaction commits, from
-- whichever process committed it (a worker's result, the API's cancel, an admin's redelivery);
-- polling is the fallback. NOTIFY is delivered only on commit, so a rolled-back transition wakes
-- nobody. A retry being scheduled (due later) wakes nobody either.
CREATE FUNCTION notify_webhook_event_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('promptly_webhook_events', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER webhook_events_notify_created
    AFTER INSERT ON webhook_events
    FOR EACH ROW WHEN (NEW.status = 'pending')
    EXECUTE FUNCTION notify_webhook_event_due();

CREATE TRIGGER webhook_events_notify_due_sooner
    AFTER UPDATE OF status, next_attempt_at ON webhook_events
    FOR EACH ROW WHEN (NEW.status = 'pending'
                       AND (OLD.status <> 'pending' OR NEW.next_attempt_at < OLD.next_attempt_at))
    EXECUTE FUNCTION notify_webhook_event_due();
