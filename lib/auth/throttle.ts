import "server-only";
import { db } from "../db/client";

/**
 * Failed sign-ins, counted per key ("account:<email>", "ip:<address>") in a
 * fixed window, in PostgreSQL so that every instance sees the same counts.
 * Past the limit, attempts are refused before the password is checked.
 */
export type ThrottleRule = { key: string; limit: number };

export function windowSeconds(): number {
  return Number(process.env.SECRETS_SIGNIN_WINDOW_SECONDS) || 60;
}

export const ACCOUNT_LIMIT = 10;
export const ADDRESS_LIMIT = 50;

/** Seconds until the first blocked key frees up, or 0 when every key is under its limit. */
export async function blockedFor(rules: ThrottleRule[]): Promise<number> {
  const rows = await db().authThrottle.findMany({ where: { key: { in: rules.map((r) => r.key) } } });
  const now = Date.now();
  let wait = 0;
  for (const row of rows) {
    const rule = rules.find((r) => r.key === row.key)!;
    const ends = row.windowStart.getTime() + windowSeconds() * 1000;
    if (ends > now && row.failures >= rule.limit) wait = Math.max(wait, Math.ceil((ends - now) / 1000));
  }
  return wait;
}

/** Counts one failure against each key, starting a new window where the old one ended. */
export async function recordFailure(keys: string[]): Promise<void> {
  const seconds = windowSeconds();
  for (const key of keys) {
    await db().$executeRaw`
      insert into auth_throttle (key, window_start, failures) values (${key}, now(), 1)
      on conflict (key) do update set
        failures = case when auth_throttle.window_start + make_interval(secs => ${seconds}) <= now() then 1 else auth_throttle.failures + 1 end,
        window_start = case when auth_throttle.window_start + make_interval(secs => ${seconds}) <= now() then now() else auth_throttle.window_start end`;
  }
}

export async function clearFailures(key: string): Promise<void> {
  await db().authThrottle.deleteMany({ where: { key } });
}
