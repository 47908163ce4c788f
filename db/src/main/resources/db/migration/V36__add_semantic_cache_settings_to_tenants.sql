-- A tenant's semantic cache settings, set by the admin API: whether its jobs submitted with the
-- default cache mode use the semantic cache, and whether a sampling request (temperature > 0) may
-- be answered from it too.
ALTER TABLE tenants
    ADD COLUMN semantic_cache_default         boolean NOT NULL DEFAULT false,
    ADD COLUMN semantic_cache_any_temperature boolean NOT NULL DEFAULT false;
