import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { db } from "../db/client";
import { ConflictError } from "../errors";
import { cli } from "../testing/cli";
import { openTestKeyring } from "../testing/keyring";
import { createSession, sessionUser } from "./sessions";
import { attemptSignIn } from "./sign-in";
import { ACCOUNT_LIMIT } from "./throttle";
import { base32Decode, stepAt, totpCode } from "./totp";
import { confirmEnrollment, startEnrollment, twoFactorEnabled } from "./two-factor";
import { createUser, findUserIdByEmail, resetPassword, resetTwoFactor } from "./users";

/**
 * Account recovery: the owner resets another user's password or second
 * factor, and `bin/secrets users reset-password|reset-2fa` lets someone with
 * access to the server recover a locked-out (even the only) owner.
 */
const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "a new password after recovery";
const meta = { ip: "192.0.2.40" };
const owner: Actor = { id: "user:boss@example.test", source: "test" };

beforeAll(async () => {
  await openTestKeyring();
  await db().user.deleteMany();
});

async function withTwoFactor(email: string): Promise<string> {
  const id = await createUser(owner, { email, role: "admin", password: PASSWORD });
  const secret = base32Decode((await startEnrollment(id, email)).secret);
  await confirmEnrollment(owner, id, totpCode(secret, stepAt(Date.now())));
  return id;
}

describe("from the command line (server access is the proof)", () => {
  it("creates the owner of a fresh install without a setup code", async () => {
    const r = await cli(["users", "create", "--email", "boss@example.test", "--role", "owner"], { input: `${PASSWORD}\n` });
    expect(r).toMatchObject({ code: 0 });
    expect(await db().user.findUnique({ where: { emailKey: "boss@example.test" }, select: { role: true } })).toEqual({ role: "owner" });
  });

  it("reset-password recovers the only owner, locked out by failed attempts, and ends their sessions", async () => {
    const id = await findUserIdByEmail("boss@example.test");
    const session = await createSession(id, meta);
    for (let i = 0; i <= ACCOUNT_LIMIT; i++) await attemptSignIn({ email: "boss@example.test", password: `forgotten ${i}` }, { ip: `192.0.2.${i}` });
    const r = await cli(["users", "reset-password", "boss@example.test"], { input: `${NEW_PASSWORD}\n` });
    expect(r).toMatchObject({ code: 0, stderr: "New password set for boss@example.test; their sessions were ended\n" });
    expect(await sessionUser(session)).toBeNull();
    expect((await attemptSignIn({ email: "boss@example.test", password: NEW_PASSWORD }, meta)).ok).toBe(true);
    expect((await attemptSignIn({ email: "boss@example.test", password: PASSWORD }, meta)).ok).toBe(false);
    const event = await db().auditEvent.findFirst({ where: { action: "user.password" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actor: expect.stringMatching(/^cli:/), detail: { reset: true, target: "boss@example.test" } });
  });

  it("reset-password refuses a short password and an unknown account", async () => {
    expect(await cli(["users", "reset-password", "boss@example.test"], { input: "short\n" })).toMatchObject({ code: 1 });
    expect((await cli(["users", "reset-password", "nobody@example.test"], { input: `${NEW_PASSWORD}\n` })).code).toBe(1);
    expect((await attemptSignIn({ email: "boss@example.test", password: NEW_PASSWORD }, meta)).ok).toBe(true);
  });

  it("reset-2fa turns off a lost authenticator; the password alone signs in again", async () => {
    const id = await withTwoFactor("lost-phone@example.test");
    expect(await attemptSignIn({ email: "lost-phone@example.test", password: PASSWORD }, meta)).toMatchObject({ ok: false, pending: expect.any(String) });
    const r = await cli(["users", "reset-2fa", "lost-phone@example.test"]);
    expect(r).toMatchObject({ code: 0, stderr: "Two-factor sign-in is off for lost-phone@example.test; their sessions were ended\n" });
    expect(await twoFactorEnabled(id)).toBe(false);
    expect(await db().recoveryCode.count({ where: { userId: id } })).toBe(0);
    expect((await attemptSignIn({ email: "lost-phone@example.test", password: PASSWORD }, meta)).ok).toBe(true);
  });
});

describe("by the owner", () => {
  it("resetPassword: new password, sessions and sign-ins in progress end, audited", async () => {
    const id = await createUser(owner, { email: "member@example.test", role: "member", password: PASSWORD });
    const sessions = await Promise.all([createSession(id, meta), createSession(id, meta)]);
    const pending = await attemptSignIn({ email: "member@example.test", password: PASSWORD }, meta);
    expect(pending.ok).toBe(true);
    await resetPassword(owner, id, NEW_PASSWORD);
    for (const s of sessions) expect(await sessionUser(s)).toBeNull();
    expect(await db().signInTicket.count({ where: { userId: id } })).toBe(0);
    expect((await attemptSignIn({ email: "member@example.test", password: NEW_PASSWORD }, meta)).ok).toBe(true);
    expect(await db().auditEvent.count({ where: { actor: owner.id, action: "user.password" } })).toBe(1);
    await expect(resetPassword(owner, id, "short")).rejects.toThrow("password: must be at least 12 characters");
  });

  it("resetTwoFactor: second factor off, sessions end, audited", async () => {
    const id = await withTwoFactor("admin2fa@example.test");
    const session = await createSession(id, meta);
    await resetTwoFactor(owner, id);
    expect(await twoFactorEnabled(id)).toBe(false);
    expect(await sessionUser(session)).toBeNull();
    const event = await db().auditEvent.findFirst({ where: { actor: owner.id, action: "user.2fa" }, orderBy: { id: "desc" } });
    expect(event!.detail).toMatchObject({ enabled: false, reset: true, target: "admin2fa@example.test" });
  });

  it("is not a way around the current password for your own account", async () => {
    const self = await findUserIdByEmail("boss@example.test");
    await expect(resetPassword(owner, self, "yet another password")).rejects.toBeInstanceOf(ConflictError);
    await expect(resetTwoFactor(owner, self)).rejects.toBeInstanceOf(ConflictError);
  });
});
