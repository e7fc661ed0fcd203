import "server-only";
import crypto from "node:crypto";
import { audit, type Actor } from "../audit";
import { db } from "../db/client";
import { verifyPassword } from "./password";
import { checkSecondFactor, twoFactorEnabled } from "./two-factor";
import { signInInput } from "./schemas";
import { createSession, markReauthenticated, type ClientMeta } from "./sessions";
import {
  ACCOUNT_LIMIT,
  accountKey,
  ADDRESS_LIMIT,
  addressKey,
  clearFailures,
  giveBack,
  takeAttempt,
  tryAgainIn,
  unknownAccountTag,
} from "./throttle";

/**
 * Sign-in in two steps. attemptSignIn does every check (throttle, password,
 * disabled account) and returns a one-time ticket valid for a minute; the
 * Auth.js credentials callback accepts only such a ticket (redeemTicket), so
 * a POST straight to /api/auth/callback/credentials skips nothing.
 */
export type SignInResult =
  | { ok: true; ticket: string }
  /** With `pending`: the password was right; now a code from the app or a recovery code. */
  | { ok: false; error?: string; pending?: string };

const TICKET_SECONDS = 60;
const PENDING_SECONDS = 300;
const WRONG = "Wrong email or password.";
const hashTicket = (t: string) => crypto.createHash("sha256").update(t).digest("hex");

/**
 * Who a sign-in attempt is about, for the throttle and the audit log. What
 * was typed is recorded only when it names an account: an unknown "e-mail"
 * is often a password typed into the wrong field, so only a keyed hash of it
 * is kept.
 */
type Claimant = { throttleKey: string; actor: Actor; target: string | null; detail: Record<string, string> };

async function claimant(emailKey: string, user: { id: string } | null, meta: ClientMeta): Promise<Claimant> {
  const source = meta.ip ?? undefined;
  if (user) return { throttleKey: accountKey(user.id), actor: { id: `user:${emailKey}`, source }, target: emailKey, detail: {} };
  const tag = await unknownAccountTag(emailKey);
  return { throttleKey: `account:unknown:${tag}`, actor: { id: "anonymous", source }, target: null, detail: { account: `unknown:${tag}` } };
}

export async function attemptSignIn(input: { email: string; password: string }, meta: ClientMeta): Promise<SignInResult> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Enter your email and password." };
  const { email, password } = parsed.data;
  const emailKey = email.toLowerCase();
  const user = await db().user.findUnique({ where: { emailKey }, select: { id: true, passwordHash: true, disabledAt: true } });
  const who = await claimant(emailKey, user, meta);
  const ipKey = addressKey(meta.ip);
  const denied = (detail: Record<string, string>) =>
    audit(db(), who.actor, { action: "auth.sign-in", outcome: "denied", target: who.target, detail: { ...who.detail, ...detail } });

  const attempt = await takeAttempt([
    { key: who.throttleKey, limit: ACCOUNT_LIMIT },
    { key: ipKey, limit: ADDRESS_LIMIT },
  ]);
  if (attempt.wait > 0) {
    // A flood writes one row per key and window, not one per request.
    if (attempt.newlyBlocked.length) await denied({ reason: "throttled", by: attempt.newlyBlocked.includes(ipKey) ? "address" : "account" });
    return { ok: false, error: tryAgainIn(attempt.wait, "sign-ins") };
  }

  // A disabled account takes the same path and gets the same answer as a wrong password.
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !passwordOk || user.disabledAt) {
    await denied({ reason: !user ? "unknown account" : !passwordOk ? "wrong password" : "disabled" });
    if (attempt.atLimit.includes(who.throttleKey)) {
      await audit(db(), who.actor, { action: "auth.locked", outcome: "denied", target: who.target, detail: who.detail });
    }
    return { ok: false, error: WRONG };
  }

  await clearFailures(who.throttleKey);
  await giveBack([ipKey]);
  if (await twoFactorEnabled(user.id)) {
    return { ok: false, pending: await issueTicket(user.id, true) };
  }
  return { ok: true, ticket: await issueTicket(user.id, false) };
}

/** Step two for accounts with two-factor sign-in: the pending ticket and a code. */
export async function completeSecondFactor(pending: string, code: string, meta: ClientMeta): Promise<SignInResult> {
  const tokenHash = hashTicket(String(pending));
  const row = await db().signInTicket.findUnique({ where: { tokenHash }, include: { user: { select: { emailKey: true, disabledAt: true } } } });
  if (!row || !row.pending2fa || row.expiresAt < new Date() || row.user.disabledAt) {
    return { ok: false, error: "The sign-in took too long. Start again." };
  }
  const emailKey = row.user.emailKey;
  const ipKey = addressKey(meta.ip);
  const actor = { id: `user:${emailKey}`, source: meta.ip ?? undefined };
  const check = await checkSecondFactor(row.userId, code, [{ key: ipKey, limit: ADDRESS_LIMIT }]);
  if (check.wait > 0) {
    await db().signInTicket.deleteMany({ where: { tokenHash } });
    if (check.newlyBlocked) await audit(db(), actor, { action: "auth.locked", outcome: "denied", target: emailKey, detail: { reason: "second factor" } });
    return { ok: false, error: tryAgainIn(check.wait) };
  }
  if (!check.used) {
    await audit(db(), actor, { action: "auth.sign-in", outcome: "denied", target: emailKey, detail: { reason: "wrong second factor" } });
    return { ok: false, pending, error: "That code is not right." };
  }
  await giveBack([ipKey]);
  // The ticket is spent once: a password change or sign-out everywhere may have removed it meanwhile.
  if ((await db().signInTicket.deleteMany({ where: { tokenHash } })).count !== 1) {
    return { ok: false, error: "The sign-in took too long. Start again." };
  }
  if (check.used === "recovery") await audit(db(), actor, { action: "user.2fa", target: emailKey, detail: { recoveryCodeUsed: true } });
  return { ok: true, ticket: await issueTicket(row.userId, false) };
}

async function issueTicket(userId: string, pending2fa: boolean): Promise<string> {
  const ticket = crypto.randomBytes(32).toString("base64url");
  await db().signInTicket.create({
    data: { tokenHash: hashTicket(ticket), userId, pending2fa, expiresAt: new Date(Date.now() + (pending2fa ? PENDING_SECONDS : TICKET_SECONDS) * 1000) },
  });
  return ticket;
}

/** Consumes a ticket (once) and opens a session; null if unknown, used or expired. */
export async function redeemTicket(ticket: string, meta: ClientMeta): Promise<{ userId: string; sessionId: string } | null> {
  if (typeof ticket !== "string" || ticket.length > 100) return null;
  const rows = await db().$queryRaw<{ user_id: string; email: string }[]>`
    with used as (
      delete from sign_in_tickets
      where token_hash = ${hashTicket(ticket)} and expires_at > now() and not pending_2fa returning user_id
    )
    select u.id as user_id, u.email from used join users u on u.id = used.user_id where u.disabled_at is null`;
  const row = rows[0];
  if (!row) return null;
  const sessionId = await createSession(row.user_id, meta);
  await audit(db(), { id: `user:${row.email.toLowerCase()}`, source: meta.ip ?? undefined }, { action: "auth.sign-in", target: row.email });
  return { userId: row.user_id, sessionId };
}

/** Proves again, within a session, that the user is who they say: password, then the second factor if on. */
export async function reauthenticate(
  user: { id: string; email: string; sessionId: string; twoFactor: boolean },
  input: { password: string; code?: string },
  meta: ClientMeta,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const emailKey = user.email.toLowerCase();
  const key = accountKey(user.id);
  const actor = { id: `user:${emailKey}`, source: meta.ip ?? undefined };
  const refused = async (error: string) => {
    await audit(db(), actor, { action: "auth.reauth", outcome: "denied", target: emailKey });
    return { ok: false as const, error };
  };
  const { wait } = await takeAttempt([{ key, limit: ACCOUNT_LIMIT }]);
  if (wait > 0) return { ok: false, error: tryAgainIn(wait) };
  const row = await db().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(String(input.password), row?.passwordHash ?? null))) return refused("Wrong password.");
  if (user.twoFactor) {
    const check = await checkSecondFactor(user.id, input.code ?? "");
    if (check.wait > 0) return { ok: false, error: tryAgainIn(check.wait) };
    if (!check.used) return refused("That code is not right.");
  }
  await giveBack([key]);
  await markReauthenticated(user.sessionId);
  await audit(db(), actor, { action: "auth.reauth", target: emailKey });
  return { ok: true };
}
