import "server-only";
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { cache } from "react";
import type { Actor } from "../audit";
import { config } from "../config";
import { ForbiddenError } from "../errors";
import { auth } from "./next-auth";
import { roleAtLeast, type Role } from "../users/schemas";
import { sessionUser, type ClientMeta, type SessionUser } from "../users/sessions";
import { hasOwner } from "../users/users";

/**
 * The data access layer's authorization: every page, server action and
 * route handler calls one of these first. proxy.ts only redirects early.
 */

/** The signed-in user, checked against the database once per request. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.sid) return null;
  return sessionUser(session.sid);
});

export const clientMeta = cache(async (): Promise<ClientMeta> => {
  const h = await headers();
  return { ip: h.get("x-secrets-client-ip"), userAgent: h.get("user-agent") };
});

export async function actorFor(user: SessionUser): Promise<Actor> {
  return { id: `user:${user.email.toLowerCase()}`, source: (await clientMeta()).ip ?? undefined };
}

export function hasRole(user: SessionUser, role: Role): boolean {
  return roleAtLeast(user.role, role);
}

/**
 * For pages: anonymous visitors go to setup (fresh install) or sign-in; too
 * low a role gets 403; an admin who must set up two-factor sign-in is sent
 * to do so first.
 */
export async function requirePageRole(role: Role = "member"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect((await hasOwner()) ? "/sign-in" : "/setup");
  if (!hasRole(user, role)) forbidden();
  if (role !== "member" && user.twoFactorRequired) redirect("/account?two-factor=required");
  return user;
}

/**
 * For route handlers: throws ForbiddenError, which callers map to a safe
 * answer. Server actions get the same checks from lib/actions/define-action.ts.
 */
export async function requireRole(role: Role = "member"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user || !hasRole(user, role)) throw new ForbiddenError();
  if (role !== "member" && user.twoFactorRequired) throw new ForbiddenError("Turn on two-factor sign-in first (in your account)");
  return user;
}

/** Minutes a sign-in counts as recent for dangerous steps (reveal, granting access, keys, tokens). */
export function recentAuthMinutes(): number {
  return config().recentAuthMinutes;
}

/**
 * A password (and second factor) proved within the last few minutes.
 * Single sign-on sessions start with auth_at at the epoch, so they never
 * count until the user re-authenticates with a password here.
 */
export function isRecentlyAuthenticated(user: SessionUser): boolean {
  return Date.now() - user.authAt.getTime() <= recentAuthMinutes() * 60_000;
}

export class ReauthRequiredError extends ForbiddenError {
  constructor() {
    super("Confirm it is you: enter your password again");
  }
}

/** For route handlers: dangerous steps need a recent sign-in. */
export function requireRecentAuth(user: SessionUser): void {
  if (!isRecentlyAuthenticated(user)) throw new ReauthRequiredError();
}
