-- Why a queued or retry_scheduled job is not running yet (API.md, "Why a job waits"); NULL when
-- nothing holds it back. Set with the transition or postponement that holds it, cleared by its
-- claim and by every terminal transition.
ALTER TABLE jobs ADD COLUMN waiting_for text
    CONSTRAINT jobs_waiting_for_check CHECK (waiting_for IN (
        'tenant_concurrency', 'provider_rate_limit', 'provider_circuit', 'budget',
        'provider_batch', 'backoff'));
