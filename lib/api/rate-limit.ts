import "server-only";
import { TooManyRequestsError } from "../errors";
import { pool } from "../db/pool";

/**
 * Fixed-window rate limits shared by every instance on one database.
 * Decisions are made in memory (no round trip per request): each instance
 * counts its own requests per key and window, and a timer adds those counts
 * to api_rate_limits a few times a second, learning the total across
 * instances in the same statement. An instance therefore sees its own
 * requests at once and the others' within SYNC_MS; a flood is refused
 * without a database query.
 */
const SYNC_MS = 200;
type Entry = { key: string; window: number; expires: number; unsynced: number; known: number };

const entries = new Map<string, Entry>();
let timer: NodeJS.Timeout | undefined;
let lastPrune = 0;

function entry(key: string, seconds: number, now: number): Entry {
  const window = Math.floor(now / 1000 / seconds) * seconds;
  const id = `${key}\u0000${window}`;
  let e = entries.get(id);
  if (!e) entries.set(id, (e = { key, window, expires: (window + seconds) * 1000, unsynced: 0, known: 0 }));
  return e;
}

const retryAfter = (e: Entry, now: number) => Math.max(1, Math.ceil((e.expires - now) / 1000));

/** Counts one request against `key`'s budget of `limit` per `seconds`; throws TooManyRequestsError past it. */
export function take(key: string, limit: number, seconds: number, message: string, now = Date.now()): void {
  const e = entry(key, seconds, now);
  if (e.known + e.unsynced >= limit) throw new TooManyRequestsError(message, retryAfter(e, now));
  e.unsynced += 1;
  schedule();
}

/** Seconds until `key`'s budget (e.g. of failed token checks) has room again; 0 while it has room. Counts nothing. */
export function exhausted(key: string, limit: number, seconds: number, now = Date.now()): number {
  const e = entry(key, seconds, now);
  return e.known + e.unsynced >= limit ? retryAfter(e, now) : 0;
}

/** Counts an event against a budget without refusing (the refusal comes from check() on the next request). */
export function count(key: string, seconds: number, now = Date.now()): void {
  entry(key, seconds, now).unsynced += 1;
  schedule();
}

function schedule() {
  timer ??= setTimeout(() => void syncRateLimits().catch(() => {}), SYNC_MS).unref();
}

/** Adds this instance's counts to the shared table and learns the totals. Called by the timer and by tests. */
export async function syncRateLimits(now = Date.now()): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  for (const [id, e] of entries) if (e.expires <= now) entries.delete(id);
  const batch = [...entries.values()].filter((e) => e.unsynced > 0);
  if (batch.length === 0) return;
  const sent = batch.map((e) => e.unsynced);
  batch.forEach((e) => (e.unsynced = 0));
  try {
    const { rows } = await pool().query<{ key: string; window_start: string; count: number }>(
      `insert into api_rate_limits (key, window_start, count)
       select * from unnest($1::text[], $2::bigint[], $3::int[])
       on conflict (key, window_start) do update set count = api_rate_limits.count + excluded.count
       returning key, window_start, count`,
      [batch.map((e) => e.key), batch.map((e) => e.window), sent],
    );
    const totals = new Map(rows.map((r) => [`${r.key}\u0000${r.window_start}`, r.count]));
    for (const e of batch) e.known = Math.max(e.known, totals.get(`${e.key}\u0000${e.window}`) ?? 0);
  } catch {
    // Not shared this time: keep counting locally and try again.
    batch.forEach((e, i) => (e.unsynced += sent[i]!));
    schedule();
    return;
  }
  if (now - lastPrune > 60_000) {
    lastPrune = now;
    await pool().query("delete from api_rate_limits where window_start < $1", [Math.floor(now / 1000) - 600]).catch(() => {});
  }
  if ([...entries.values()].some((e) => e.unsynced > 0)) schedule();
}

/** Forgets local counts (tests). */
export function resetRateLimits() {
  entries.clear();
  clearTimeout(timer);
  timer = undefined;
}
