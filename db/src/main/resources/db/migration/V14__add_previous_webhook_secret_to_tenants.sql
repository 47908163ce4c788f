-- Webhook secret rotation: the rotated-out secret keeps signing beside the new one until it
-- expires, so receivers can switch over without missing a delivery.
ALTER TABLE tenants
    ADD COLUMN previous_webhook_secret            text,
    ADD COLUMN previous_webhook_secret_expires_at timestamptz;
