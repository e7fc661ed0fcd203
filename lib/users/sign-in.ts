import "server-only";
import crypto from "node:crypto";
import { audit } from "../audit";
import { db } from "../db/client";
import { verifyPassword } from "./password";
import { twoFactorEnabled, verifySecondFactor } from "./two-factor";
import { signInInput } from "./schemas";
import { createSession, markReauthenticated, type ClientMeta } from "./sessions";
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, blockedFor, clearFailures, giveBack, SECOND_FACTOR_LIMIT, takeAttempt, tryAgainIn } from "./throttle";

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
const hashTicket = (t: string) => crypto.createHash("sha256").update(t).digest("hex");

export async function attemptSignIn(input: { email: string; password: string }, meta: ClientMeta): Promise<SignInResult> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Enter your email and password." };
  const { email, password } = parsed.data;
  const emailKey = email.toLowerCase();
  const keys = [`account:${emailKey}`, `ip:${meta.ip ?? "unknown"}`];
  const actor = { id: `user:${emailKey}`, source: meta.ip ?? undefined };

  const wait = await takeAttempt([
    { key: keys[0]!, limit: ACCOUNT_LIMIT },
    { key: keys[1]!, limit: ADDRESS_LIMIT },
  ]);
  if (wait > 0) {
    await audit(db(), actor, { action: "auth.sign-in", outcome: "denied", target: emailKey, detail: { reason: "throttled" } });
    return { ok: false, error: tryAgainIn(wait, "sign-ins") };
  }

  const user = await db().user.findUnique({ where: { emailKey }, select: { id: true, passwordHash: true, disabledAt: true } });
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !passwordOk || user.disabledAt) {
    const reason = !user ? "unknown account" : !passwordOk ? "wrong password" : "disabled";
    await audit(db(), actor, { action: "auth.sign-in", outcome: "denied", target: emailKey, detail: { reason } });
    if ((await blockedFor([{ key: keys[0]!, limit: ACCOUNT_LIMIT }])) > 0) {
      await audit(db(), actor, { action: "auth.locked", outcome: "denied", target: emailKey });
    }
    return { ok: false, error: passwordOk && user?.disabledAt ? "This account is disabled." : "Wrong email or password." };
  }

  await clearFailures(keys[0]!);
  await giveBack([keys[1]!]);
  if (await twoFactorEnabled(user.id)) {
    return { ok: false, pending: await issueTicket(user.id, true) };
  }
  return { ok: true, ticket: await issueTicket(user.id, false) };
}

/** Step two for accounts with two-factor sign-in: the pending ticket and a code. */
export async function completeSecondFactor(pending: string, code: string, meta: ClientMeta): Promise<SignInResult> {
  const row = await db().signInTicket.findUnique({ where: { tokenHash: hashTicket(String(pending)) }, include: { user: true } });
  if (!row || !row.pending2fa || row.expiresAt < new Date()) {
    return { ok: false, error: "The sign-in took too long. Start again." };
  }
  const emailKey = row.user.emailKey;
  const codeKey = `2fa:${row.userId}`;
  const ipKey = `ip:${meta.ip ?? "unknown"}`;
  const actor = { id: `user:${emailKey}`, source: meta.ip ?? undefined };
  const wait = await takeAttempt([
    { key: codeKey, limit: SECOND_FACTOR_LIMIT },
    { key: ipKey, limit: ADDRESS_LIMIT },
  ]);
  if (wait > 0) {
    await db().signInTicket.deleteMany({ where: { tokenHash: row.tokenHash } });
    await audit(db(), actor, { action: "auth.locked", outcome: "denied", target: emailKey, detail: { reason: "second factor" } });
    return { ok: false, error: tryAgainIn(wait) };
  }
  const used = await verifySecondFactor(row.userId, code);
  if (!used) {
    await audit(db(), actor, { action: "auth.sign-in", outcome: "denied", target: emailKey, detail: { reason: "wrong second factor" } });
    return { ok: false, pending, error: "That code is not right." };
  }
  await clearFailures(codeKey);
  await giveBack([ipKey]);
  await db().signInTicket.deleteMany({ where: { tokenHash: row.tokenHash } });
  if (used === "recovery") await audit(db(), actor, { action: "user.2fa", target: emailKey, detail: { recoveryCodeUsed: true } });
  return { ok: true, ticket: await issueTicket(row.userId, false) };
}

async function issueTicket(userId: string, pending2fa: boolean): Promise<string> {
  const ticket = crypto.randomBytes(32).toString("base64url");
  await db().signInTicket.create({
    data: { tokenHash: hashTicket(ticket), userId, pending2fa, expiresAt: new Date(Date.now() + (pending2fa ? 300 : TICKET_SECONDS) * 1000) },
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
  const keys = [`account:${emailKey}`, `2fa:${user.id}`];
  const actor = { id: `user:${emailKey}`, source: meta.ip ?? undefined };
  const wait = await takeAttempt([
    { key: keys[0]!, limit: ACCOUNT_LIMIT },
    { key: keys[1]!, limit: SECOND_FACTOR_LIMIT },
  ]);
  if (wait > 0) return { ok: false, error: tryAgainIn(wait) };
  const row = await db().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  const passwordOk = await verifyPassword(input.password, row?.passwordHash ?? null);
  const secondOk = passwordOk && (!user.twoFactor || (await verifySecondFactor(user.id, input.code ?? "")) !== null);
  if (!passwordOk || !secondOk) {
    await audit(db(), actor, { action: "auth.reauth", outcome: "denied", target: emailKey });
    return { ok: false, error: passwordOk ? "That code is not right." : "Wrong password." };
  }
  await giveBack(keys);
  await markReauthenticated(user.sessionId);
  await audit(db(), actor, { action: "auth.reauth", target: emailKey });
  return { ok: true };
}
