import "server-only";
import crypto from "node:crypto";
import { config } from "../config";
import { db, type Tx } from "../db/client";
import type { Role } from "./schemas";

/** A browser session, checked against the database on every request. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  authAt: Date;
  twoFactor: boolean;
  /** The owner requires two-factor sign-in for admins, and this admin has not set it up. */
  twoFactorRequired: boolean;
};

export type ClientMeta = { ip?: string | null; userAgent?: string | null };

export function sessionHours(): number {
  return config().sessionHours;
}

/** `recent: false` for sign-ins that proved no password here (single sign-on): dangerous steps ask for it. */
export async function createSession(userId: string, meta: ClientMeta, opts: { recent?: boolean } = {}): Promise<string> {
  const id = crypto.randomUUID();
  await db().session.create({
    data: {
      id,
      userId,
      authAt: opts.recent === false ? new Date(0) : new Date(),
      expiresAt: new Date(Date.now() + sessionHours() * 3_600_000),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
  });
  return id;
}

/** The live session and its user, or null if revoked, expired or the user is disabled. */
export async function sessionUser(sessionId: string): Promise<SessionUser | null> {
  const rows = await db().$queryRaw<
    { id: string; email: string; name: string; role: Role; auth_at: Date; last_seen_at: Date; two_factor: boolean; policy: boolean }[]
  >`
    select u.id, u.email, u.name, u.role, s.auth_at, s.last_seen_at,
           (t.confirmed_at is not null) as two_factor, coalesce(ss.require_admin_2fa, false) as policy
    from sessions s join users u on u.id = s.user_id
    left join user_totp t on t.user_id = u.id
    left join site_settings ss on ss.id = 1
    where s.id = ${sessionId}::uuid and s.revoked_at is null and s.expires_at > now() and u.disabled_at is null`;
  const row = rows[0];
  if (!row) return null;
  if (Date.now() - row.last_seen_at.getTime() > 60_000) {
    await db().session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date() } }).catch(() => {});
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    sessionId,
    authAt: row.auth_at,
    twoFactor: row.two_factor,
    twoFactorRequired: row.policy && row.role !== "member" && !row.two_factor,
  };
}

/**
 * What page JavaScript may know of a session: a handle derived from its id
 * (one-way), never the id that the session cookie carries.
 */
export function sessionHandle(sessionId: string): string {
  return crypto.createHash("sha256").update(`session-handle/v1:${sessionId}`).digest("base64url").slice(0, 22);
}

export type SessionInfo = { handle: string; current: boolean; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null };

/** A user's live sessions, newest first; `current` marks the one making this request. */
export async function listSessions(userId: string, currentSessionId?: string): Promise<SessionInfo[]> {
  const rows = await db().session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
    orderBy: { lastSeenAt: "desc" },
  });
  return rows.map(({ id, ...rest }) => ({ handle: sessionHandle(id), current: id === currentSessionId, ...rest }));
}

/** Signs out one of the user's own sessions, named by its handle. */
export async function revokeSessionByHandle(userId: string, handle: string): Promise<boolean> {
  const live = await db().session.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
  const match = live.find((s) => sessionHandle(s.id) === handle);
  return match ? revokeSession(userId, match.id) : false;
}

export async function revokeSession(userId: string, sessionId: string): Promise<boolean> {
  const r = await db().session.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return r.count > 0;
}

/**
 * Ends every way into an account: its sessions (all but `keep`) and any
 * sign-in in progress (tickets, including one waiting for its second factor).
 * Used by password changes and resets, "sign out everywhere" and disabling.
 */
export async function endSessions(tx: Tx | ReturnType<typeof db>, userId: string, keep?: string): Promise<number> {
  await tx.signInTicket.deleteMany({ where: { userId } });
  const r = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: new Date() },
  });
  return r.count;
}

export async function markReauthenticated(sessionId: string): Promise<void> {
  await db().session.update({ where: { id: sessionId }, data: { authAt: new Date() } });
}
