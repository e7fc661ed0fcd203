-- API tokens (docs/architecture.md, "API tokens"). A token is
-- smk_<lookup id>_<secret>: the lookup id finds the row, the SHA-256 of the
-- whole token is compared in constant time; the token itself is never
-- stored. Names are unique regardless of letter case, forever: a revoked
-- token keeps its row and its name for the audit trail.
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "name_key" VARCHAR(50) NOT NULL,
    "lookup_id" VARCHAR(32) NOT NULL,
    "token_hash" BYTEA NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "name_patterns" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "reads" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_tokens_name_key_lower" CHECK ("name_key" = lower("name")),
    CONSTRAINT "api_tokens_token_hash_sha256" CHECK (octet_length("token_hash") = 32),
    CONSTRAINT "api_tokens_scopes_known" CHECK (
        cardinality("scopes") > 0 AND "scopes" <@ ARRAY['secrets:read', 'secrets:write']::TEXT[]
    ),
    CONSTRAINT "api_tokens_revoked_by" CHECK (("revoked_at" IS NULL) = ("revoked_by" IS NULL)),
    CONSTRAINT "api_tokens_reads_positive" CHECK ("reads" >= 0)
);

CREATE UNIQUE INDEX "api_tokens_name_key_key" ON "api_tokens"("name_key");
CREATE UNIQUE INDEX "api_tokens_lookup_id_key" ON "api_tokens"("lookup_id");
