-- Audit events partitioned by month (UTC) on "at", so the retention setting
-- (SECRETS_AUDIT_RETENTION_DAYS) is enforced by dropping whole months, never
-- by deleting rows one by one, and the log's pages stay index scans at
-- millions of events (docs/architecture.md, "Audit retention").
--
-- - Partitions live in their own schema, audit_partitions, on which the app
--   role has no USAGE: the app reaches events only through audit_events
--   (append-only for it: no DELETE, no TRUNCATE, UPDATE of outcome and detail
--   only), so it can neither delete from nor drop a partition directly.
-- - A DEFAULT partition takes any event outside the months created ahead
--   (a clock far off, a server down for months), so an insert never fails.
-- - public.audit_maintain(retention_days) is the one entry point for the
--   app: SECURITY DEFINER (runs as this owner), fixed search_path, refuses
--   a retention outside 1..36500 days. It creates the coming months, moves
--   rows out of the default partition into their month, detaches the months
--   whose every row is past the retention (recording that as an audit event
--   of its own) and, on its next call, drops their files: unlinking a big
--   month at commit must not happen while audit_events is locked, or every
--   audited read would wait for it.
-- - The primary key must contain the partition key: (id, at). id stays
--   unique in practice (one sequence) and is still the key of an update by id.

CREATE SCHEMA "audit_partitions";
REVOKE ALL ON SCHEMA "audit_partitions" FROM PUBLIC;

-- The old table steps aside under another name; its rows are copied below.
ALTER TABLE "audit_events" RENAME TO "audit_events_unpartitioned";
ALTER INDEX "audit_events_pkey" RENAME TO "audit_events_unpartitioned_pkey";
ALTER INDEX "audit_events_at_idx" RENAME TO "audit_events_unpartitioned_at_idx";
ALTER INDEX "audit_events_secret_id_at_idx" RENAME TO "audit_events_unpartitioned_secret_id_at_idx";
ALTER INDEX "audit_events_actor_at_idx" RENAME TO "audit_events_unpartitioned_actor_at_idx";
ALTER INDEX "audit_events_action_at_idx" RENAME TO "audit_events_unpartitioned_action_at_idx";
ALTER INDEX "audit_events_outcome_at_idx" RENAME TO "audit_events_unpartitioned_outcome_at_idx";
ALTER INDEX "audit_events_actor_trgm_idx" RENAME TO "audit_events_unpartitioned_actor_trgm_idx";

-- Same columns, same sequence (ids go on from where they were).
CREATE TABLE "audit_events" (
    "id" BIGINT NOT NULL DEFAULT nextval('audit_events_id_seq'),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "secret_id" UUID,
    "secret_name" TEXT,
    "source" TEXT,
    "detail" JSONB
) PARTITION BY RANGE ("at");
ALTER SEQUENCE "audit_events_id_seq" OWNED BY "audit_events"."id";

-- A partition's bounds as a range, read from the catalog (the SET clauses fix
-- the text form that pg_get_expr gives); MINVALUE/MAXVALUE are unbounded.
CREATE FUNCTION "audit_partitions"."bounds"(part regclass) RETURNS tstzrange
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET "TimeZone" = 'UTC'
SET "DateStyle" = 'ISO, YMD'
AS $$
DECLARE
  m text[];
BEGIN
  m := regexp_match(
    (SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_class c WHERE c.oid = part),
    '^FOR VALUES FROM \((MINVALUE|''[^'']*'')\) TO \((MAXVALUE|''[^'']*'')\)$');
  IF m IS NULL THEN
    RETURN NULL; -- the default partition, or not a partition of ours
  END IF;
  RETURN tstzrange(
    CASE WHEN m[1] = 'MINVALUE' THEN NULL ELSE btrim(m[1], '''')::timestamptz END,
    CASE WHEN m[2] = 'MAXVALUE' THEN NULL ELSE btrim(m[2], '''')::timestamptz END,
    '[)');
END $$;

-- Only the owner may reach a partition: every privilege anyone else holds
-- on it (PUBLIC, default privileges an operator may have set) is revoked.
CREATE FUNCTION "audit_partitions"."lock_down"(part regclass) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  grantee oid;
  owner oid := (SELECT relowner FROM pg_class WHERE oid = part);
BEGIN
  EXECUTE format('REVOKE ALL ON TABLE %s FROM PUBLIC', part);
  FOR grantee IN
    SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
    WHERE c.oid = part AND a.grantee <> owner AND a.grantee <> 0
  LOOP
    EXECUTE format('REVOKE ALL ON TABLE %s FROM %s', part, grantee::regrole::text);
  END LOOP;
END $$;

-- Makes sure the month (UTC) that starts at month_start has its partition;
-- true when it created one. The table is made first and then attached, which
-- locks audit_events only in SHARE UPDATE EXCLUSIVE mode (reads and inserts
-- go on); rows of that month waiting in the default partition move into it.
-- Refuses a month that overlaps a partition it did not make.
CREATE FUNCTION "audit_partitions"."ensure_month"(month_start timestamptz) RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET "TimeZone" = 'UTC'
SET "DateStyle" = 'ISO, YMD'
AS $$
DECLARE
  lo timestamptz := date_trunc('month', month_start);
  hi timestamptz := date_trunc('month', month_start) + interval '1 month';
  name text := 'audit_events_' || to_char(date_trunc('month', month_start), 'YYYY_MM');
  part regclass;
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_inherits i
    WHERE i.inhparent = 'public.audit_events'::regclass
      AND audit_partitions.bounds(i.inhrelid) && tstzrange(lo, hi, '[)')
  ) THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE audit_partitions.%I (LIKE public.audit_events)', name);
  part := format('audit_partitions.%I', name)::regclass;
  PERFORM audit_partitions.lock_down(part);
  IF to_regclass('audit_partitions.audit_events_default') IS NOT NULL THEN
    EXECUTE format(
      'WITH moved AS (DELETE FROM audit_partitions.audit_events_default WHERE at >= $1 AND at < $2 RETURNING *)
       INSERT INTO %s SELECT * FROM moved', part)
      USING lo, hi;
  END IF;
  EXECUTE format('ALTER TABLE public.audit_events ATTACH PARTITION %s FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  RETURN true;
END $$;

-- Retention and partitions ahead, for the app's housekeeping (hourly, and at
-- start-up): see the header. Several instances may call it at once: one does
-- the work, the others return {"skipped": true}. A lock it cannot get within
-- 200 ms (a long query on the log) leaves that step for the next run rather
-- than making every insert queue behind it. Each call either drops the files
-- of months detached earlier or detaches expired months, never both, so the
-- lock on audit_events is held only for catalog changes; "more": true asks
-- the caller to call again (lib/audit/retention.ts does, at once).
CREATE FUNCTION "public"."audit_maintain"(retention_days integer) RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET "TimeZone" = 'UTC'
SET "DateStyle" = 'ISO, YMD'
SET lock_timeout = '200ms'
AS $$
DECLARE
  months_ahead constant integer := 3;
  this_month timestamptz := date_trunc('month', now());
  cutoff timestamptz;
  created text[] := '{}';
  dropped text[] := '{}';
  freed text[] := '{}';
  busy text[] := '{}';
  expired bigint := 0;
  n bigint;
  m timestamptz;
  p record;
BEGIN
  IF retention_days IS NULL OR retention_days < 1 OR retention_days > 36500 THEN
    RAISE EXCEPTION 'retention_days must be a whole number of days from 1 to 36500 (got %)', coalesce(retention_days::text, 'null')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF NOT pg_try_advisory_xact_lock(7270100) THEN
    RETURN jsonb_build_object('skipped', true);
  END IF;
  cutoff := now() - make_interval(days => retention_days);

  -- This month and the next ones.
  FOR i IN 0..months_ahead LOOP
    m := this_month + make_interval(months => i);
    BEGIN
      IF audit_partitions.ensure_month(m) THEN
        created := created || to_char(m, 'YYYY-MM');
      END IF;
    EXCEPTION WHEN lock_not_available THEN
      busy := busy || to_char(m, 'YYYY-MM');
    END;
  END LOOP;

  -- Rows that fell into the default partition: past months go, months within
  -- the retention get their partition, far-future ones stay where they are.
  FOR m IN
    SELECT DISTINCT date_trunc('month', at) FROM audit_partitions.audit_events_default
    WHERE at < this_month + make_interval(months => months_ahead + 1)
    ORDER BY 1
  LOOP
    BEGIN
      IF m + interval '1 month' <= cutoff THEN
        DELETE FROM audit_partitions.audit_events_default WHERE at >= m AND at < m + interval '1 month';
        GET DIAGNOSTICS n = ROW_COUNT;
        expired := expired + n;
      ELSIF audit_partitions.ensure_month(m) THEN
        created := created || to_char(m, 'YYYY-MM');
      END IF;
    EXCEPTION WHEN lock_not_available THEN
      busy := busy || to_char(m, 'YYYY-MM');
    END;
  END LOOP;

  -- Files of months detached by an earlier call: dropped with no lock on audit_events.
  FOR p IN
    SELECT c.oid::regclass AS part, c.relname::text AS name
    FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = 'audit_partitions' AND c.relkind = 'r' AND NOT c.relispartition AND c.relname LIKE 'expired\_%'
    ORDER BY 2
  LOOP
    BEGIN
      EXECUTE format('DROP TABLE %s', p.part);
      freed := freed || p.name;
    EXCEPTION WHEN lock_not_available THEN
      busy := busy || p.name;
    END;
  END LOOP;

  -- Whole months past the retention, oldest first, leave the log (a catalog
  -- change); their files go on the next call.
  IF cardinality(freed) = 0 THEN
    FOR p IN
      SELECT i.inhrelid::regclass AS part, c.relname::text AS name, upper(audit_partitions.bounds(i.inhrelid)) AS ends
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'public.audit_events'::regclass
        AND upper(audit_partitions.bounds(i.inhrelid)) <= cutoff
      ORDER BY 3
    LOOP
      BEGIN
        EXECUTE format('ALTER TABLE public.audit_events DETACH PARTITION %s', p.part);
        EXECUTE format('ALTER TABLE %s RENAME TO %I', p.part, 'expired_' || p.name);
        dropped := dropped || p.name;
      EXCEPTION WHEN lock_not_available THEN
        busy := busy || p.name;
      END;
    END LOOP;
  END IF;

  IF cardinality(dropped) > 0 OR expired > 0 THEN
    INSERT INTO public.audit_events (actor, source, action, outcome, detail)
    VALUES ('system:retention', 'database', 'audit.retention', 'allowed',
            jsonb_build_object('retentionDays', retention_days, 'dropped', to_jsonb(dropped),
                               'expiredRows', expired, 'caller', session_user::text));
  END IF;
  RETURN jsonb_build_object('skipped', false, 'created', to_jsonb(created), 'dropped', to_jsonb(dropped),
                            'freed', to_jsonb(freed), 'expiredRows', expired, 'busy', to_jsonb(busy),
                            'more', cardinality(dropped) > 0);
END $$;

REVOKE ALL ON FUNCTION "audit_partitions"."bounds"(regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION "audit_partitions"."lock_down"(regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION "audit_partitions"."ensure_month"(timestamptz) FROM PUBLIC;
-- EXECUTE for the app role is granted by lib/db/roles.ts (it knows the role's name).
REVOKE ALL ON FUNCTION "public"."audit_maintain"(integer) FROM PUBLIC;

-- A partition for every month that has events (up to the months ahead),
-- the months ahead themselves, and the default partition.
SELECT audit_partitions.ensure_month(m)
FROM (
  SELECT DISTINCT date_trunc('month', "at", 'UTC') AS m FROM "audit_events_unpartitioned"
  WHERE "at" < date_trunc('month', now(), 'UTC') + interval '4 months'
  UNION
  SELECT date_trunc('month', now(), 'UTC') + make_interval(months => g) FROM generate_series(0, 3) g
) months
ORDER BY m;
CREATE TABLE "audit_partitions"."audit_events_default" PARTITION OF "audit_events" DEFAULT;
SELECT audit_partitions.lock_down('audit_partitions.audit_events_default');

INSERT INTO "audit_events" ("id", "at", "actor", "action", "outcome", "secret_id", "secret_name", "source", "detail")
SELECT "id", "at", "actor", "action", "outcome", "secret_id", "secret_name", "source", "detail" FROM "audit_events_unpartitioned";

-- Keys and indexes after the copy (one build per partition). Each index ends
-- in (at, id), the log's order, so a page is a backward index scan per month
-- merged newest first, and a keyset "older than (at, id)" is an index bound.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id", "at");
CREATE INDEX "audit_events_at_id_idx" ON "audit_events"("at", "id");
CREATE INDEX "audit_events_secret_id_at_id_idx" ON "audit_events"("secret_id", "at", "id");
CREATE INDEX "audit_events_actor_at_id_idx" ON "audit_events"("actor", "at", "id");
CREATE INDEX "audit_events_action_at_id_idx" ON "audit_events"("action", "at", "id");
CREATE INDEX "audit_events_outcome_at_id_idx" ON "audit_events"("outcome", "at", "id");
CREATE INDEX "audit_events_actor_trgm_idx" ON "audit_events" USING GIN ("actor" gin_trgm_ops);

-- Whoever could use the old table may use the new one in exactly the same
-- way (the app: SELECT, INSERT, UPDATE of outcome and detail), no more: the
-- new table was just given the default privileges of a fresh table.
DO $$
DECLARE
  g record;
  owner oid := (SELECT relowner FROM pg_class WHERE oid = 'public.audit_events'::regclass);
  who text;
BEGIN
  FOR g IN
    SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
    WHERE c.oid = 'public.audit_events'::regclass AND a.grantee <> owner
  LOOP
    who := CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE g.grantee::regrole::text END;
    EXECUTE format('REVOKE ALL ON TABLE public.audit_events FROM %s', who);
  END LOOP;
  FOR g IN
    SELECT a.grantee, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a
    WHERE c.oid = 'public.audit_events_unpartitioned'::regclass AND a.grantee <> c.relowner
  LOOP
    who := CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE g.grantee::regrole::text END;
    EXECUTE format('GRANT %s ON TABLE public.audit_events TO %s', g.privilege_type, who);
  END LOOP;
  FOR g IN
    SELECT at.attname, a.grantee, a.privilege_type
    FROM pg_attribute at, aclexplode(at.attacl) a
    WHERE at.attrelid = 'public.audit_events_unpartitioned'::regclass AND at.attacl IS NOT NULL
  LOOP
    who := CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE g.grantee::regrole::text END;
    EXECUTE format('GRANT %s (%I) ON TABLE public.audit_events TO %s', g.privilege_type, g.attname, who);
  END LOOP;
END $$;

DROP TABLE "audit_events_unpartitioned";
