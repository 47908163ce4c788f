-- How the call was made: live, or through the provider's batch API at the batch price, whose
-- saving over the live price is in saved_micros (as a cached answer's is), so GET /v1/usage's
-- saved_usd includes it.
ALTER TABLE usage_ledger
    ADD COLUMN route text NOT NULL DEFAULT 'live'
        CONSTRAINT usage_ledger_route_check CHECK (route IN ('live', 'provider_batch'));
