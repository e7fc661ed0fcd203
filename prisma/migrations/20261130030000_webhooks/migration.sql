-- Webhooks (issue 9, docs: README "Webhooks"): endpoints that receive signed
-- events when secrets change, and each endpoint's delivery log. The delivery
-- rows are written in the same transaction as the change (an outbox), with a
-- graphile-worker job that sends them; graphile-worker's own schema is made by
-- its migrations at start (lib/webhooks/worker-schema.ts).

-- Allowing private targets (RFC 1918, fc00::/7, loopback) is the owner's call.
ALTER TABLE "site_settings" ADD COLUMN "webhooks_allow_private" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL,
    "url" VARCHAR(2048) NOT NULL,
    "events" TEXT[] NOT NULL,
    "description" VARCHAR(200) NOT NULL DEFAULT '',
    -- The signing secret (whsec_…), AES-256-GCM under a key derived from the root key.
    "secret_enc" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_endpoints_url_http" CHECK ("url" ~ '^https?://'),
    CONSTRAINT "webhook_endpoints_events_known" CHECK (
        cardinality("events") > 0
        AND "events" <@ ARRAY['secret.created', 'secret.updated', 'secret.deleted', 'secret.restored']::TEXT[]
    )
);

-- One endpoint per URL (as normalized by the service): the same URL twice would get every event twice.
CREATE UNIQUE INDEX "webhook_endpoints_url_key" ON "webhook_endpoints"("url");

CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    -- The webhook-id header: one per event, the same for every endpoint and attempt.
    "event_id" UUID NOT NULL,
    "event_type" VARCHAR(40) NOT NULL,
    "secret_id" UUID,
    "secret_name" VARCHAR(50),
    -- The signed body, exactly as sent; names and dates only, never a value.
    "payload" TEXT NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_status_code" INTEGER,
    "last_error" VARCHAR(200),
    "next_attempt_at" TIMESTAMPTZ(3),
    -- Retries stop here: 24 hours after the event, or after a resend.
    "retry_until" TIMESTAMPTZ(3) NOT NULL DEFAULT (CURRENT_TIMESTAMP + interval '24 hours'),
    "last_attempt_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_deliveries_status_known" CHECK ("status" IN ('pending', 'retrying', 'delivered', 'failed')),
    CONSTRAINT "webhook_deliveries_attempts_positive" CHECK ("attempts" >= 0)
);

CREATE INDEX "webhook_deliveries_endpoint_id_created_at_idx" ON "webhook_deliveries"("endpoint_id", "created_at");
CREATE INDEX "webhook_deliveries_created_at_idx" ON "webhook_deliveries"("created_at");

ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey"
    FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;
