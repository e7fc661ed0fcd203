import "server-only";
import crypto from "node:crypto";
import { audit, type Actor } from "../audit";
import { db, type Tx } from "../db/client";
import { ConflictError, NotFoundError, TooManyRequestsError, ValidationError } from "../errors";
import { parse } from "../validation";
import { hashPassword, verifyPassword } from "./password";
import { createUserInput, displayName, password as passwordSchema, role as roleSchema, setupInput, type Role } from "./schemas";
import { endSessions } from "./sessions";
import { setupCodeMatches, setupPending } from "./setup-code";
import { accountKey, giveBack, secondFactorKey, SETUP_LIMIT, setupKey, takeAttempt, throttlePasswordCheck, tryAgainIn } from "./throttle";
import { removeTwoFactor } from "./two-factor";

/**
 * Accounts and roles. Authorization (who may call what) is the caller's job,
 * in lib/auth/dal.ts; the rules that hold whoever calls (one setup, the last
 * owner stays) are enforced here, inside transactions.
 */
export type UserInfo = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  lastSeenAt: Date | null;
};

const SETUP_LOCK = 7270002;

export async function hasOwner(): Promise<boolean> {
  return (await db().user.count({ where: { role: "owner", disabledAt: null } })) > 0;
}

/**
 * First run: creates the owner, given the setup code that `npm start`
 * printed (lib/users/setup-code.ts). Once an owner exists it refuses
 * before doing any work (no password hashing to be made to spend); wrong
 * codes are limited per client address. Works once, even when two requests race.
 */
export async function setupOwner(input: { email: string; password: string; name?: string; code: string }, source: string | null): Promise<string> {
  if (!(await setupPending())) throw new ConflictError(SETUP_DONE);
  const data = parse(setupInput, input);
  const key = setupKey(source);
  const attempt = await takeAttempt([{ key, limit: SETUP_LIMIT }]);
  if (attempt.wait > 0) {
    if (attempt.newlyBlocked.length) {
      await audit(db(), { id: "anonymous", source: source ?? undefined }, { action: "auth.setup", outcome: "denied", detail: { reason: "throttled" } });
    }
    throw new TooManyRequestsError(tryAgainIn(attempt.wait));
  }
  if (!(await setupCodeMatches(data.code))) throw new ValidationError("code", "is not the setup code printed by npm start");
  await giveBack([key]);
  const passwordHash = await hashPassword(data.password);
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count({ where: { role: "owner" } })) > 0) throw new ConflictError(SETUP_DONE);
    const id = await insertUser(tx, { email: data.email, name: data.name ?? "", role: "owner", passwordHash });
    await audit(tx, { id: `user:${data.email}`, source: source ?? undefined }, { action: "auth.setup", target: data.email });
    return id;
  });
}

const SETUP_DONE = "Setup is already done: sign in instead";

export async function createUser(
  actor: Actor,
  input: { email: string; role: Role; password?: string; name?: string },
): Promise<string> {
  const data = parse(createUserInput, input);
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  return db().$transaction(async (tx) => {
    const id = await insertUser(tx, { email: data.email, name: data.name ?? "", role: data.role, passwordHash });
    await audit(tx, actor, { action: "user.create", target: data.email, detail: { role: data.role } });
    return id;
  });
}

export async function listUsers(): Promise<UserInfo[]> {
  const rows = await db().$queryRaw<
    { id: string; email: string; name: string; role: Role; disabled_at: Date | null; created_at: Date; last_seen_at: Date | null }[]
  >`
    select u.id, u.email, u.name, u.role, u.disabled_at, u.created_at, max(s.last_seen_at) as last_seen_at
    from users u left join sessions s on s.user_id = u.id
    group by u.id order by u.email_key`;
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    disabled: r.disabled_at !== null,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
  }));
}

export async function findUserIdByEmail(email: string): Promise<string> {
  const user = await db().user.findUnique({ where: { emailKey: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) throw new NotFoundError(`No user with email ${email}`);
  return user.id;
}

export async function setRole(actor: Actor, userId: string, newRole: Role): Promise<void> {
  const role = parse(roleSchema, newRole, "role");
  await db().$transaction(async (tx) => {
    const user = await lockUserAndOwners(tx, userId);
    if (user.role === role) return;
    if (user.role === "owner" && user.activeOwners <= 1 && !user.disabled) {
      throw new ConflictError("The last owner cannot be demoted: make someone else owner first");
    }
    await tx.user.update({ where: { id: userId }, data: { role, updatedAt: new Date() } });
    await audit(tx, actor, { action: "user.role", target: user.email, detail: { from: user.role, to: role } });
  });
}

export async function disableUser(actor: Actor, userId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const user = await lockUserAndOwners(tx, userId);
    if (user.disabled) return;
    if (user.role === "owner" && user.activeOwners <= 1) throw new ConflictError("The last owner cannot be disabled");
    await tx.user.update({ where: { id: userId }, data: { disabledAt: new Date(), updatedAt: new Date() } });
    await endSessions(tx, userId);
    await audit(tx, actor, { action: "user.disable", target: user.email });
  });
}

export async function enableUser(actor: Actor, userId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const user = await lockUserAndOwners(tx, userId);
    if (!user.disabled) return;
    await tx.user.update({ where: { id: userId }, data: { disabledAt: null, updatedAt: new Date() } });
    await audit(tx, actor, { action: "user.enable", target: user.email });
  });
}

export async function signOutEverywhere(actor: Actor, userId: string): Promise<number> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new NotFoundError("No such user");
  const count = await endSessions(db(), userId);
  await audit(db(), actor, { action: "user.sign-out-everywhere", target: user.email, detail: { sessions: count } });
  return count;
}

export async function updateName(actor: Actor, userId: string, name: string): Promise<void> {
  const value = parse(displayName, name, "name");
  await db().$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { name: value, updatedAt: new Date() } });
    await audit(tx, actor, { action: "user.update", target: user.email, detail: { fields: ["name"] } });
  });
}

/** Changes a password after checking the current one; other sessions are signed out. */
export async function changePassword(actor: Actor, userId: string, current: string, next: string, keepSession: string): Promise<void> {
  const nextPassword = parse(passwordSchema, next, "newPassword");
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, emailKey: true, passwordHash: true } });
  if (!user) throw new NotFoundError("No such user");
  await throttlePasswordCheck(userId);
  if (!(await verifyPassword(current, user.passwordHash))) throw new ValidationError("currentPassword", "is not your current password");
  const passwordHash = await hashPassword(nextPassword);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, updatedAt: new Date() } });
    await endSessions(tx, userId, keepSession);
    await audit(tx, actor, { action: "user.password", target: user.email });
  });
}

/**
 * Account recovery, by the owner (the caller checks that, with a recent
 * sign-in) or from the server's command line: a new password without the
 * old one. The user's sessions and sign-ins in progress end, and their
 * failed-attempt counts are cleared so they can sign in at once.
 */
export async function resetPassword(actor: Actor, userId: string, newPassword: string): Promise<void> {
  const value = parse(passwordSchema, newPassword, "password");
  const user = await userToRecover(actor, userId);
  const passwordHash = await hashPassword(value);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, updatedAt: new Date() } });
    await endSessions(tx, userId);
    await tx.authThrottle.deleteMany({ where: { key: accountKey(userId) } });
    await audit(tx, actor, { action: "user.password", target: user.email, detail: { reset: true } });
  });
}

/** Account recovery: turns two-factor sign-in off (app and recovery codes) for a user who lost both; they enrol again. */
export async function resetTwoFactor(actor: Actor, userId: string): Promise<void> {
  const user = await userToRecover(actor, userId);
  await db().$transaction(async (tx) => {
    await removeTwoFactor(tx, userId);
    await endSessions(tx, userId);
    await tx.authThrottle.deleteMany({ where: { key: secondFactorKey(userId) } });
    await audit(tx, actor, { action: "user.2fa", target: user.email, detail: { enabled: false, reset: true } });
  });
}

/** Recovery is for someone else's account: your own password changes with the current one, which a stolen session lacks. */
async function userToRecover(actor: Actor, userId: string): Promise<{ email: string }> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, emailKey: true } });
  if (!user) throw new NotFoundError("No such user");
  if (actor.id === `user:${user.emailKey}`) throw new ConflictError("Change your own password and two-factor sign-in on your account page");
  return { email: user.email };
}

async function insertUser(tx: Tx, u: { email: string; name: string; role: Role; passwordHash: string | null }): Promise<string> {
  const emailKey = u.email.toLowerCase();
  if (await tx.user.findUnique({ where: { emailKey }, select: { id: true } })) {
    throw new ConflictError(`email: a user with the email ${u.email} already exists`);
  }
  const id = crypto.randomUUID();
  await tx.user.create({ data: { id, email: u.email, emailKey, name: u.name, role: u.role, passwordHash: u.passwordHash } });
  return id;
}

/** Locks the user and every owner row, so two owners cannot demote each other at once. */
async function lockUserAndOwners(tx: Tx, userId: string) {
  const owners = await tx.$queryRaw<{ id: string }[]>`
    select id from users where role = 'owner' and disabled_at is null order by id for update`;
  const rows = await tx.$queryRaw<{ email: string; role: Role; disabled_at: Date | null }[]>`
    select email, role, disabled_at from users where id = ${userId}::uuid for update`;
  const user = rows[0];
  if (!user) throw new NotFoundError("No such user");
  return { email: user.email, role: user.role, disabled: user.disabled_at !== null, activeOwners: owners.length };
}
