CREATE TABLE tenants (
    id                    text        PRIMARY KEY,
    name                  text        NOT NULL UNIQUE,
    rate_limit_per_minute integer     NOT NULL CHECK (rate_limit_per_minute > 0),
    webhook_secret        text        NOT NULL,
    created_at            timestamptz NOT NULL
);
