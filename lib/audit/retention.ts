import "server-only";
import { config } from "../config";
import { db } from "../db/client";
import { ValidationError } from "../errors";

/**
 * Keeps the audit log bounded: SECRETS_AUDIT_RETENTION_DAYS (default 400)
 * is enforced by dropping whole month partitions whose every event is older
 * than the retention, never by deleting rows one by one, and the coming
 * months' partitions are created ahead so inserts land in a month of their
 * own. The app role cannot run DDL, so the work is done by the database
 * function public.audit_maintain() (SECURITY DEFINER, owned by the owner
 * role, see prisma/migrations/20261130010000_audit_partitions), which
 * refuses a retention outside 1..36500 days and records every drop as an
 * "audit.retention" event. A call that detaches expired months asks to be
 * called again to drop their files (in a transaction of its own, so the
 * log is never locked while big files are unlinked); this does so at once.
 * Run hourly by the server's housekeeping, whose first run is at start-up;
 * safe from several instances at once (one works, the others are told it
 * was skipped).
 */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 36_500;

export type RetentionRun = {
  /** Another instance was running it at that moment. */
  skipped: boolean;
  /** Months ("2027-02") whose partition this run created. */
  created: string[];
  /** Partitions that left the log because their whole month is past the retention. */
  dropped: string[];
  /** Their files, dropped (by the follow-up call). */
  freed: string[];
  /** Events past the retention deleted from the default partition (which holds only stragglers). */
  expiredRows: number;
  /** Steps left for the next run because a lock was not free within a second. */
  busy: string[];
};

export async function enforceAuditRetention(retentionDays: number = config().auditRetentionDays): Promise<RetentionRun> {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_RETENTION_DAYS || retentionDays > MAX_RETENTION_DAYS) {
    throw new ValidationError("retentionDays", `must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`);
  }
  const total: RetentionRun = { skipped: false, created: [], dropped: [], freed: [], expiredRows: 0, busy: [] };
  // Detach, then free: two calls at most (a third would find nothing to do).
  for (let call = 0; call < 2; call++) {
    const rows = await db().$queryRaw<{ run: Partial<RetentionRun> & { more?: boolean } }[]>`
      select public.audit_maintain(${retentionDays}::integer) as run`;
    const run = rows[0]!.run;
    total.skipped ||= run.skipped ?? false;
    total.created.push(...(run.created ?? []));
    total.dropped.push(...(run.dropped ?? []));
    total.freed.push(...(run.freed ?? []));
    total.expiredRows += Number(run.expiredRows ?? 0);
    total.busy = run.busy ?? [];
    if (!run.more) break;
  }
  return total;
}
