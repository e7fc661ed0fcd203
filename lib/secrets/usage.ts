import "server-only";
import { db } from "../db/client";

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

/** Writes pending tallies; called by the timer, at shutdown and by tests. */
export async function flushReads(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  if (pending.size === 0) return;
  const batch = [...pending.values()];
  pending = new Map();
  try {
    await db().$executeRaw`
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
            last_read_at = greatest(secret_reads.last_read_at, excluded.last_read_at)`;
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
