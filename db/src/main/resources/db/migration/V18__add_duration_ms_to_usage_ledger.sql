-- How long the provider took to answer the call, in milliseconds (to the microsecond), measured
-- around the call alone: a job's time minus its calls' time is what the platform itself adds.
-- 0 for an answer from the result cache; null for rows written before this column existed.
ALTER TABLE usage_ledger ADD COLUMN duration_ms numeric(12, 3);
