import { enforceAuditRetention } from "../audit/retention";
import { purgeExpiredAliases, purgeExpiredTrash } from "../secrets/service";
import { purgeOldReads, refreshReadStats } from "../secrets/usage";
import { purgeExpiredAuthRows } from "../users/housekeeping";

/**
 * Timers every server runs: purge what has expired. Each job is safe to run
 * from several instances at once (plain deletes by time), so no leader is
 * needed. Returns a function that stops them.
 */
type Job = { name: string; everyMs: number; run: () => Promise<unknown> };

const SYSTEM = { id: "system:housekeeping", source: "server" };

const jobs: Job[] = [
  { name: "trash purge", everyMs: 3_600_000, run: () => purgeExpiredTrash(SYSTEM) },
  { name: "expired sessions, sign-in tickets and throttle rows", everyMs: 600_000, run: () => purgeExpiredAuthRows() },
  // Frees old names as their aliases expire (reads already ignore expired ones).
  { name: "expired aliases", everyMs: 60_000, run: () => purgeExpiredAliases() },
  // "Readers in the last 30 days" shrinks as days pass without reads; the flush only adds.
  { name: "read figures of the secrets list", everyMs: 3_600_000, run: () => refreshReadStats() },
  { name: "read counters older than the usage window", everyMs: 86_400_000, run: () => purgeOldReads() },
  // Audit months past SECRETS_AUDIT_RETENTION_DAYS are dropped whole; the coming months are made ahead.
  { name: "audit retention and months ahead", everyMs: 3_600_000, run: () => enforceAuditRetention() },
];

export function startHousekeeping(opts: { log?: (line: string) => void } = {}): () => void {
  const timers = jobs.map((job) => {
    const tick = () =>
      void job.run().catch((err: unknown) => opts.log?.(`housekeeping: ${job.name} failed (${err instanceof Error ? err.name : "error"}); will retry`));
    tick();
    return setInterval(tick, job.everyMs).unref();
  });
  return () => timers.forEach(clearInterval);
}
