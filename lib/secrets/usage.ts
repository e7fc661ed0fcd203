import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { parse, secretId as secretIdSchema } from "./schemas";

/**
 * Read counters (per secret, caller, name used and day). Reads only bump an
 * in-memory tally; a timer adds the tallies to secret_reads in one statement
 * per second, so a hot read path pays no extra round trip or row lock.
 * Instances add their own deltas, so several can share one database.
 */
type Tally = { secretId: string; caller: string; viaName: string; day: string; count: number; lastReadAt: Date };

const FLUSH_MS = 1000;
let pending = new Map<string, Tally>();
let timer: NodeJS.Timeout | undefined;

export function countRead(secretId: string, caller: string, viaName: string, at = new Date()) {
  const day = at.toISOString().slice(0, 10);
  const key = `${secretId}\u0000${caller}\u0000${viaName}\u0000${day}`;
  const tally = pending.get(key);
  if (tally) {
    tally.count += 1;
    tally.lastReadAt = at;
  } else {
    pending.set(key, { secretId, caller, viaName, day, count: 1, lastReadAt: at });
  }
  timer ??= setTimeout(() => void flushReads().catch(() => {}), FLUSH_MS).unref();
}

let inflight: Promise<void> | undefined;

/**
 * Writes pending tallies; called by the timer, at shutdown and by tests.
 * Waits for a flush already on its way, so that when it returns every read
 * counted before the call is in the database.
 */
export async function flushReads(): Promise<void> {
  while (inflight) await inflight.catch(() => {});
  clearTimeout(timer);
  timer = undefined;
  if (pending.size === 0) return;
  inflight = writeReads().finally(() => (inflight = undefined));
  return inflight;
}

async function writeReads(): Promise<void> {
  const batch = [...pending.values()];
  pending = new Map();
  try {
    // One transaction: a failure rolls both back and the counts are retried.
    await db().$transaction([
      db().$executeRaw`
        insert into secret_reads (secret_id, caller, via_name, day, count, last_read_at)
        select u.secret_id, u.caller, u.via_name, u.day, u.count, u.last_read_at
        from unnest(
          ${batch.map((t) => t.secretId)}::uuid[], ${batch.map((t) => t.caller)}::text[],
          ${batch.map((t) => t.viaName)}::text[], ${batch.map((t) => t.day)}::date[],
          ${batch.map((t) => t.count)}::bigint[], ${batch.map((t) => t.lastReadAt)}::timestamptz[]
        ) as u(secret_id, caller, via_name, day, count, last_read_at)
        where exists (select 1 from secrets s where s.id = u.secret_id)
        on conflict (secret_id, caller, via_name, day) do update
          set count = secret_reads.count + excluded.count,
              last_read_at = greatest(secret_reads.last_read_at, excluded.last_read_at)`,
      refreshStatement([...new Set(batch.map((t) => t.secretId))]),
    ]);
  } catch (err) {
    // Keep the counts for the next attempt rather than lose them.
    for (const t of batch) countBack(t);
    throw err;
  }
}

function countBack(t: Tally) {
  const key = `${t.secretId}\u0000${t.caller}\u0000${t.viaName}\u0000${t.day}`;
  const cur = pending.get(key);
  if (cur) {
    cur.count += t.count;
    if (t.lastReadAt > cur.lastReadAt) cur.lastReadAt = t.lastReadAt;
  } else pending.set(key, t);
}

/**
 * Recomputes secrets.last_read_at and readers_30d (the list's columns) from
 * secret_reads: for the given secrets after a flush, or, without ids, for
 * every secret whose figure may have aged (a housekeeping job, as days pass).
 * Only rows whose figures change are written.
 */
export async function refreshReadStats(secretIds?: string[]): Promise<number> {
  if (secretIds && secretIds.length === 0) return 0;
  return refreshStatement(secretIds);
}

function refreshStatement(secretIds?: string[]) {
  const scope = secretIds ? Prisma.sql`t.id = any(${secretIds}::uuid[])` : Prisma.sql`t.readers_30d > 0`;
  return db().$executeRaw`
    update secrets s
    set last_read_at = greatest(s.last_read_at, coalesce(r.last_read_at, '-infinity')), readers_30d = r.readers
    from (
      select t.id, x.last_read_at, coalesce(x.readers, 0)::int as readers
      from secrets t
      left join lateral (
        select max(last_read_at) as last_read_at,
               count(distinct caller) filter (where day > ${sinceDay(30)}::date) as readers
        from secret_reads where secret_id = t.id
      ) x on true
      where ${scope}
    ) r
    where s.id = r.id and (s.readers_30d <> r.readers or s.last_read_at < r.last_read_at)`;
}

/** Read counters are kept this long (the figures look back 30 days; the rest is slack). */
export const READS_KEPT_DAYS = 90;

export async function purgeOldReads(): Promise<number> {
  return db().$executeRaw`delete from secret_reads where day < ${sinceDay(READS_KEPT_DAYS)}::date`;
}

const DAY_MS = 86_400_000;
/** Days counted as "the last 30 days": those after this date (UTC, as countRead records them). */
const sinceDay = (days = 30, now = new Date()) => new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);

export type CallerUsage = { caller: string; viaName: string; reads7d: number; reads30d: number; lastReadAt: Date };
export type UsageSummary = { reads7d: number; reads30d: number; lastReadAt: Date | null; callers: CallerUsage[] };

/** Reads of one secret in the last 7 and 30 days, per caller and name used (busiest first), and its last read. */
export async function usageSummary(secretId: string): Promise<UsageSummary> {
  parse(secretIdSchema, secretId, "id");
  const rows = await db().$queryRaw<{ caller: string; via_name: string; reads7d: bigint; reads30d: bigint; last_read_at: Date }[]>`
    select caller, via_name,
           coalesce(sum(count) filter (where day > ${sinceDay(7)}::date), 0)::bigint as reads7d,
           sum(count)::bigint as reads30d,
           max(last_read_at) as last_read_at
    from secret_reads
    where secret_id = ${secretId}::uuid and day > ${sinceDay(30)}::date
    group by caller, via_name
    order by reads30d desc, last_read_at desc`;
  const callers = rows.map((r) => ({
    caller: r.caller,
    viaName: r.via_name,
    reads7d: Number(r.reads7d),
    reads30d: Number(r.reads30d),
    lastReadAt: r.last_read_at,
  }));
  const latest = await db().$queryRaw<{ last_read_at: Date | null }[]>`
    select case when last_read_at = '-infinity' then null else last_read_at end as last_read_at
    from secrets where id = ${secretId}::uuid`;
  return {
    reads7d: callers.reduce((n, c) => n + c.reads7d, 0),
    reads30d: callers.reduce((n, c) => n + c.reads30d, 0),
    lastReadAt: latest[0]?.last_read_at ?? callers.reduce<Date | null>((d, c) => (!d || c.lastReadAt > d ? c.lastReadAt : d), null),
    callers,
  };
}

export type SecretUsage = { caller: string; viaName: string; reads7d: number; lastReadAt: Date };

/** Who read a secret in the last `days` days, busiest first. */
export async function secretUsage(secretId: string, days = 7): Promise<SecretUsage[]> {
  const rows = await db().$queryRaw<{ caller: string; via_name: string; reads: bigint; last_read_at: Date }[]>`
    select caller, via_name, sum(count) as reads, max(last_read_at) as last_read_at
    from secret_reads
    where secret_id = ${secretId}::uuid and day > current_date - ${days}::int
    group by caller, via_name
    order by reads desc`;
  return rows.map((r) => ({ caller: r.caller, viaName: r.via_name, reads7d: Number(r.reads), lastReadAt: r.last_read_at }));
}
