-- CreateTable
CREATE TABLE "secrets" (
    "id" UUID NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "name_key" VARCHAR(50) NOT NULL,
    "description" VARCHAR(200) NOT NULL DEFAULT '',
    "current_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),
    "deleted_by" TEXT,

    CONSTRAINT "secrets_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "secrets_name_key_lower" CHECK ("name_key" = lower("name"))
);

-- CreateTable
CREATE TABLE "secret_names" (
    "name_key" VARCHAR(50) NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "secret_id" UUID NOT NULL,
    "is_alias" BOOLEAN NOT NULL DEFAULT false,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "secret_names_pkey" PRIMARY KEY ("name_key"),
    CONSTRAINT "secret_names_name_key_lower" CHECK ("name_key" = lower("name"))
);

-- CreateTable
CREATE TABLE "secret_versions" (
    "id" UUID NOT NULL,
    "secret_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "kek_id" UUID NOT NULL,
    "iv" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "auth_tag" BYTEA NOT NULL,
    "wrapped_dek" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "secret_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "keks" (
    "id" UUID NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "root_key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "keks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "keyring" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "active_kek_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "keyring_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "keyring_single_row" CHECK ("id" = 1)
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "secret_id" UUID,
    "secret_name" TEXT,
    "source" TEXT,
    "detail" JSONB,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "secret_reads" (
    "secret_id" UUID NOT NULL,
    "caller" TEXT NOT NULL,
    "via_name" VARCHAR(50) NOT NULL,
    "day" DATE NOT NULL,
    "count" BIGINT NOT NULL,
    "last_read_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "secret_reads_pkey" PRIMARY KEY ("secret_id","caller","via_name","day")
);

-- CreateIndex
CREATE INDEX "secrets_name_key_idx" ON "secrets"("name_key");

-- CreateIndex
CREATE INDEX "secrets_updated_at_idx" ON "secrets"("updated_at");

-- CreateIndex
CREATE INDEX "secrets_created_at_idx" ON "secrets"("created_at");

-- CreateIndex
CREATE INDEX "secrets_deleted_at_idx" ON "secrets"("deleted_at");

-- CreateIndex
CREATE INDEX "secret_names_secret_id_idx" ON "secret_names"("secret_id");

-- CreateIndex
CREATE INDEX "secret_versions_kek_id_idx" ON "secret_versions"("kek_id");

-- CreateIndex
CREATE UNIQUE INDEX "secret_versions_secret_id_version_key" ON "secret_versions"("secret_id", "version");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateIndex
CREATE INDEX "audit_events_secret_id_at_idx" ON "audit_events"("secret_id", "at");

-- AddForeignKey
ALTER TABLE "secret_names" ADD CONSTRAINT "secret_names_secret_id_fkey" FOREIGN KEY ("secret_id") REFERENCES "secrets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "secret_versions" ADD CONSTRAINT "secret_versions_secret_id_fkey" FOREIGN KEY ("secret_id") REFERENCES "secrets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "secret_versions" ADD CONSTRAINT "secret_versions_kek_id_fkey" FOREIGN KEY ("kek_id") REFERENCES "keks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "keyring" ADD CONSTRAINT "keyring_active_kek_id_fkey" FOREIGN KEY ("active_kek_id") REFERENCES "keks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "secret_reads" ADD CONSTRAINT "secret_reads_secret_id_fkey" FOREIGN KEY ("secret_id") REFERENCES "secrets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
