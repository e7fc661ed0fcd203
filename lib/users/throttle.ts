import "server-only";
import crypto from "node:crypto";
import { config } from "../config";
import { db } from "../db/client";
import { TooManyRequestsError } from "../errors";
import { currentRootKey } from "../keys";

/**
 * Failed attempts, counted per key in a fixed window, in PostgreSQL so that
 * every instance sees the same counts. Past the limit, attempts are refused
 * before anything (a password, a code) is checked.
 *
 * Keys never hold what someone typed: an account is "account:<user id>", an
 * e-mail that matches no account (often a password typed into the wrong
 * field) only a keyed hash of it.
 */
export type ThrottleRule = { key: string; limit: number };

export function windowSeconds(): number {
  return config().signInWindowSeconds;
}

export const ACCOUNT_LIMIT = 10;
export const ADDRESS_LIMIT = 50;
/** Second-factor codes per user and window, whichever path takes them; a right password does not reset it. */
export const SECOND_FACTOR_LIMIT = 5;
/** Setup-code guesses per client address and window. */
export const SETUP_LIMIT = 10;

export const accountKey = (userId: string) => `account:${userId}`;
export const secondFactorKey = (userId: string) => `2fa:${userId}`;
export const addressKey = (ip: string | null | undefined) => `ip:${ip ?? "unknown"}`;
export const setupKey = (ip: string | null | undefined) => `setup:${ip ?? "unknown"}`;

/**
 * A stable tag for an e-mail that matches no account: an HMAC under a key
 * derived from the root key, so attempts can be counted and correlated
 * without storing the text (a dictionary cannot reverse it without the key).
 */
export async function unknownAccountTag(emailKey: string): Promise<string> {
  const key = await (await currentRootKey()).deriveKey("unknown-account/v1");
  return crypto.createHmac("sha256", key).update(emailKey).digest("hex").slice(0, 24);
}

export type Attempt = {
  /** Seconds to wait when the attempt is refused, else 0. */
  wait: number;
  /** Keys refused for the first time in their window: what a flood should log, once. */
  newlyBlocked: string[];
  /** Keys this attempt brought exactly to their limit: if it fails, they are now locked. */
  atLimit: string[];
};

/**
 * Counts this attempt against every key before anything is checked, in one
 * atomic statement per key, so parallel requests cannot all slip under the
 * limit (and exactly one of them sees each threshold).
 */
export async function takeAttempt(rules: ThrottleRule[]): Promise<Attempt> {
  const seconds = windowSeconds();
  const attempt: Attempt = { wait: 0, newlyBlocked: [], atLimit: [] };
  for (const rule of rules) {
    const rows = await db().$queryRaw<{ failures: number; window_start: Date }[]>`
      insert into auth_throttle (key, window_start, failures) values (${rule.key}, now(), 1)
      on conflict (key) do update set
        failures = case when auth_throttle.window_start + make_interval(secs => ${seconds}) <= now() then 1 else auth_throttle.failures + 1 end,
        window_start = case when auth_throttle.window_start + make_interval(secs => ${seconds}) <= now() then now() else auth_throttle.window_start end
      returning failures, window_start`;
    const row = rows[0]!;
    if (row.failures === rule.limit) attempt.atLimit.push(rule.key);
    if (row.failures > rule.limit) {
      attempt.wait = Math.max(attempt.wait, Math.ceil((row.window_start.getTime() + seconds * 1000 - Date.now()) / 1000), 1);
      if (row.failures === rule.limit + 1) attempt.newlyBlocked.push(rule.key);
    }
  }
  return attempt;
}

/** A successful attempt gives its count back, so the limits count failures only. */
export async function giveBack(keys: string[]): Promise<void> {
  await db().$executeRaw`update auth_throttle set failures = greatest(failures - 1, 0) where key = any(${keys}::text[])`;
}

export function tryAgainIn(wait: number, what = "attempts"): string {
  const minutes = Math.max(1, Math.ceil(wait / 60));
  return `Too many failed ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** For password checks inside a session (password change, turning 2FA off): the same per-account limit as sign-in. */
export async function throttlePasswordCheck(userId: string): Promise<void> {
  const { wait } = await takeAttempt([{ key: accountKey(userId), limit: ACCOUNT_LIMIT }]);
  if (wait > 0) throw new TooManyRequestsError(tryAgainIn(wait));
}

export async function clearFailures(key: string): Promise<void> {
  await db().authThrottle.deleteMany({ where: { key } });
}

/** Housekeeping: rows whose window has ended count nothing any more. */
export async function purgeEndedWindows(now: Date): Promise<number> {
  return db().$executeRaw`delete from auth_throttle where window_start + make_interval(secs => ${windowSeconds()}) <= ${now}`;
}
