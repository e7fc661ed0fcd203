import "server-only";
import { config } from "../config";
import { db } from "../db/client";
import { TooManyRequestsError } from "../errors";

/**
 * Failed sign-ins, counted per key ("account:<email>", "ip:<address>") in a
 * fixed window, in PostgreSQL so that every instance sees the same counts.
 * Past the limit, attempts are refused before the password is checked.
 */
export type ThrottleRule = { key: string; limit: number };

export function windowSeconds(): number {
  return config().signInWindowSeconds;
}

export const ACCOUNT_LIMIT = 10;
export const ADDRESS_LIMIT = 50;
/** Second-factor codes per user and window; a right password does not reset it. */
export const SECOND_FACTOR_LIMIT = 5;

/**
 * Counts this attempt against every key before anything is checked, in one
 * atomic statement per key, so parallel requests cannot all slip under the
 * limit. Returns the seconds to wait (the attempt is refused), or 0.
 */
export async function takeAttempt(rules: ThrottleRule[]): Promise<number> {
  const seconds = windowSeconds();
  let wait = 0;
  for (const rule of rules) {
    const rows = await db().$queryRaw<{ failures: number; window_start: Date }[]>`
      insert into auth_throttle (key, window_start, failures) values (${rule.key}, now(), 1)
      on conflict (key) do update set
        failures = case when auth_throttle.window_start + make_interval(secs => ${seconds}) <= now() then 1 else auth_throttle.failures + 1 end,
        window_start = case when auth_throttle.window_start + make_interval(secs => ${seconds}) <= now() then now() else auth_throttle.window_start end
      returning failures, window_start`;
    const row = rows[0]!;
    if (row.failures > rule.limit) {
      wait = Math.max(wait, Math.ceil((row.window_start.getTime() + seconds * 1000 - Date.now()) / 1000), 1);
    }
  }
  return wait;
}

/** A successful attempt gives its count back, so the limits count failures only. */
export async function giveBack(keys: string[]): Promise<void> {
  await db().$executeRaw`update auth_throttle set failures = greatest(failures - 1, 0) where key = any(${keys}::text[])`;
}

export function tryAgainIn(wait: number, what = "attempts"): string {
  const minutes = Math.max(1, Math.ceil(wait / 60));
  return `Too many failed ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** For password checks inside a session (password change, turning 2FA off): throttled like sign-in. */
export async function throttlePasswordCheck(emailKey: string): Promise<void> {
  const wait = await takeAttempt([{ key: `account:${emailKey}`, limit: ACCOUNT_LIMIT }]);
  if (wait > 0) throw new TooManyRequestsError(tryAgainIn(wait));
}

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

export async function clearFailures(key: string): Promise<void> {
  await db().authThrottle.deleteMany({ where: { key } });
}
