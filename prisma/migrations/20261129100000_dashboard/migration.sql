-- The dashboard's secrets list, usage figures, masked version comparison and
-- audit log filters, all served by indexes so they stay flat at 100,000
-- secrets (docs/architecture.md, "The dashboard's queries").

-- Substring search on names, descriptions and audit actors (GIN trigram).
-- Trusted extension since PostgreSQL 13: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Per-secret read figures kept by the usage flush and a housekeeping job, so
-- listing and sorting never aggregate secret_reads. "-infinity" means never
-- read: it sorts below every real time in both directions of one index.
ALTER TABLE "secrets" ADD COLUMN "last_read_at" TIMESTAMPTZ(3) NOT NULL DEFAULT '-infinity';
ALTER TABLE "secrets" ADD COLUMN "readers_30d" INTEGER NOT NULL DEFAULT 0;

UPDATE "secrets" s SET "last_read_at" = r.last_read_at, "readers_30d" = r.readers
FROM (
  SELECT secret_id, max(last_read_at) AS last_read_at,
         count(DISTINCT caller) FILTER (WHERE day > current_date - 30) AS readers
  FROM secret_reads GROUP BY secret_id
) r
WHERE s.id = r.secret_id;

-- Every sortable column has an index ending in id (the tie-breaker), so a
-- page is an index scan in either direction.
DROP INDEX "secrets_name_key_idx";
DROP INDEX "secrets_updated_at_idx";
DROP INDEX "secrets_created_at_idx";
CREATE INDEX "secrets_name_key_id_idx" ON "secrets"("name_key", "id");
CREATE INDEX "secrets_description_id_idx" ON "secrets"("description", "id");
CREATE INDEX "secrets_updated_at_id_idx" ON "secrets"("updated_at", "id");
CREATE INDEX "secrets_created_at_id_idx" ON "secrets"("created_at", "id");
CREATE INDEX "secrets_last_read_at_id_idx" ON "secrets"("last_read_at", "id");
CREATE INDEX "secrets_readers_30d_id_idx" ON "secrets"("readers_30d", "id");
CREATE INDEX "secrets_name_key_trgm_idx" ON "secrets" USING GIN ("name_key" gin_trgm_ops);
CREATE INDEX "secrets_description_trgm_idx" ON "secrets" USING GIN ("description" gin_trgm_ops);

-- The live-secret count without counting: 16 slots (so concurrent creates do
-- not queue on one row) kept by triggers in the writing transaction; the
-- total is their sum.
CREATE TABLE "secret_counts" (
    "slot" INTEGER NOT NULL,
    "live" BIGINT NOT NULL,

    CONSTRAINT "secret_counts_pkey" PRIMARY KEY ("slot")
);
INSERT INTO "secret_counts" ("slot", "live") SELECT g, 0 FROM generate_series(0, 15) g;
UPDATE "secret_counts" SET "live" = (SELECT count(*) FROM "secrets" WHERE "deleted_at" IS NULL) WHERE "slot" = 0;

CREATE FUNCTION "secret_counts_add"(delta BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s INTEGER := floor(random() * 16)::int;
BEGIN
  UPDATE "secret_counts" SET "live" = "live" + delta WHERE "slot" = s;
END $$;

CREATE FUNCTION "secrets_count_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n BIGINT;
BEGIN
  SELECT count(*) INTO n FROM new_rows WHERE "deleted_at" IS NULL;
  IF n <> 0 THEN PERFORM "secret_counts_add"(n); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "secrets_count_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n BIGINT;
BEGIN
  SELECT count(*) INTO n FROM old_rows WHERE "deleted_at" IS NULL;
  IF n <> 0 THEN PERFORM "secret_counts_add"(-n); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "secrets_count_trash"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "secret_counts_add"(CASE WHEN NEW."deleted_at" IS NULL THEN 1 ELSE -1 END);
  RETURN NULL;
END $$;

CREATE TRIGGER "secrets_count_insert" AFTER INSERT ON "secrets"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "secrets_count_insert"();
CREATE TRIGGER "secrets_count_delete" AFTER DELETE ON "secrets"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "secrets_count_delete"();
CREATE TRIGGER "secrets_count_trash" AFTER UPDATE OF "deleted_at" ON "secrets"
  FOR EACH ROW WHEN ((OLD."deleted_at" IS NULL) <> (NEW."deleted_at" IS NULL)) EXECUTE FUNCTION "secrets_count_trash"();

-- Masked comparison of versions: byte length and a keyed fingerprint (null
-- for versions written before this migration).
ALTER TABLE "secret_versions" ADD COLUMN "value_length" INTEGER;
ALTER TABLE "secret_versions" ADD COLUMN "fingerprint" VARCHAR(16);

-- Audit log filters: each has an index that also serves the time order.
CREATE INDEX "audit_events_actor_at_idx" ON "audit_events"("actor", "at");
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at");
CREATE INDEX "audit_events_outcome_at_idx" ON "audit_events"("outcome", "at");
CREATE INDEX "audit_events_actor_trgm_idx" ON "audit_events" USING GIN ("actor" gin_trgm_ops);
