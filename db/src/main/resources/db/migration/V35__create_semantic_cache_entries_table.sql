-- The semantic cache: earlier answers of a tenant with their request's embedding, found by cosine
-- similarity through an HNSW index. It needs pgvector; where the server lacks the extension (or a
-- database opts out with `ALTER DATABASE ... SET promptly.pgvector = 'off'`) nothing is created
-- and the workers cache exact-only, saying so once at startup. Every statement that names a
-- pgvector type runs through EXECUTE, so that this file parses on a server without it.
DO $$
DECLARE
    vector_schema text;
BEGIN
    IF coalesce(current_setting('promptly.pgvector', true), '') = 'off'
       OR NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
        RAISE NOTICE 'pgvector is not available: no semantic cache table';
        RETURN;
    END IF;
    -- In public, whatever schema this migration runs in (a test may keep its tables in a schema of
    -- its own, with only that schema on the search path); the types are named with the schema the
    -- extension is in, which is another one only where someone installed it there before.
    EXECUTE 'CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public';
    SELECT n.nspname INTO vector_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'vector';
    -- partition_key: sha-256 of the model, the system prompt and the sampling settings; only
    -- entries of the same partition and tenant are ever compared. halfvec(512): half the size of
    -- vector(512).
    EXECUTE format($sql$
        CREATE TABLE semantic_cache_entries (
            id                bigserial    PRIMARY KEY,
            tenant_id         text         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
            partition_key     text         NOT NULL,
            model             text         NOT NULL,
            embedding         %I.halfvec(512) NOT NULL,
            answer_text       text         NOT NULL,
            finish_reason     text         NOT NULL,
            prompt_tokens     integer      NOT NULL,
            completion_tokens integer      NOT NULL,
            cost_micros       bigint       NOT NULL,
            created_at        timestamptz  NOT NULL,
            expires_at        timestamptz  NOT NULL
        )
    $sql$, vector_schema);
    EXECUTE format('CREATE INDEX semantic_cache_entries_embedding_idx ON semantic_cache_entries'
                   ' USING hnsw (embedding %I.halfvec_cosine_ops)', vector_schema);
    -- Pruning: a tenant's oldest entries beyond its bound, and expired ones.
    EXECUTE 'CREATE INDEX semantic_cache_entries_tenant_id_created_at_idx'
            ' ON semantic_cache_entries (tenant_id, created_at)';
    EXECUTE 'CREATE INDEX semantic_cache_entries_expires_at_idx'
            ' ON semantic_cache_entries (expires_at)';
END
$$;
