-- What a cached answer saved: which cache answered (exact or semantic) and what the call that
-- made the answer had cost, so that GET /v1/usage can report saved_usd and hits by kind.
ALTER TABLE usage_ledger
    ADD COLUMN cache_hit    text,
    ADD COLUMN saved_micros bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT usage_ledger_cache_hit_check CHECK (cache_hit IN ('exact', 'semantic'));
