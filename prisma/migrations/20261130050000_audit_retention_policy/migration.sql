-- The retention the owner configured (SECRETS_AUDIT_RETENTION_DAYS), recorded
-- by the owner's connection at every start (lib/runtime/bootstrap.ts). The app
-- role may read it, not change it (lib/db/roles.ts), and audit_maintain()
-- never keeps less than it: someone holding the app's connection cannot call
-- audit_maintain(1) to erase the log's history.
CREATE TABLE "audit_policy" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "retention_days" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_policy_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_policy_single_row" CHECK ("id" = 1),
    CONSTRAINT "audit_policy_days" CHECK ("retention_days" BETWEEN 1 AND 36500)
);

ALTER FUNCTION "public"."audit_maintain"(integer) RENAME TO "audit_maintain_unchecked";
REVOKE ALL ON FUNCTION "public"."audit_maintain_unchecked"(integer) FROM PUBLIC;

CREATE FUNCTION "public"."audit_maintain"(retention_days integer) RETURNS jsonb
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  -- A value outside 1..36500 passes through unchanged, to be refused with the usual message.
  SELECT public.audit_maintain_unchecked(
    CASE WHEN retention_days BETWEEN 1 AND 36500
      THEN GREATEST(retention_days, COALESCE((SELECT p.retention_days FROM public.audit_policy p WHERE p.id = 1), 400))
      ELSE retention_days
    END
  )
$$;
REVOKE ALL ON FUNCTION "public"."audit_maintain"(integer) FROM PUBLIC;
