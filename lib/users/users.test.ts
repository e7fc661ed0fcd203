import { resetConfig } from "../config";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { db } from "../db/client";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import * as secrets from "../secrets/service";
import { dumpAllTables } from "../testing/db-dump";
import { openTestKeyring } from "../testing/keyring";
import { listSessions, revokeSessionByHandle, sessionHandle, sessionUser } from "./sessions";
import { attemptSignIn, reauthenticate, redeemTicket } from "./sign-in";
import { ACCOUNT_LIMIT, unknownAccountTag } from "./throttle";
import { setupCode } from "./setup-code";
import * as users from "./users";

process.env.SECRETS_SIGNIN_WINDOW_SECONDS = "60";
resetConfig();
const PASSWORD = "correct horse battery staple";
const meta = { ip: "203.0.113.9", userAgent: "vitest" };
let owner: Actor;

async function signedIn(email: string, password = PASSWORD, ip = meta.ip) {
  const r = await attemptSignIn({ email, password }, { ...meta, ip });
  if (!r.ok) throw new Error(r.error ?? "second factor needed");
  return (await redeemTicket(r.ticket, meta))!;
}

beforeAll(async () => {
  await openTestKeyring();
  await db().user.deleteMany();
});

describe("first run", () => {
  it("refuses secrets until an owner exists", async () => {
    expect(await users.hasOwner()).toBe(false);
    await expect(secrets.createSecret({ id: "cli:test" }, { name: "EARLY", value: "v" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("setup submitted by two requests at once creates exactly one owner", async () => {
    const code = (await setupCode())!;
    const results = await Promise.allSettled([
      users.setupOwner({ email: "first@example.test", password: PASSWORD, code }, "198.51.100.1"),
      users.setupOwner({ email: "second@example.test", password: PASSWORD, code }, "198.51.100.2"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(lost.reason).toBeInstanceOf(ConflictError);
    expect(await db().user.count()).toBe(1);
    const [only] = await users.listUsers();
    expect(only!.role).toBe("owner");
    owner = { id: `user:${only!.email}`, source: "test" };
    await secrets.createSecret(owner, { name: "AFTER_SETUP", value: "v" });
    await expect(users.setupOwner({ email: "late@example.test", password: PASSWORD, code }, null)).rejects.toThrow("Setup is already done");
  });

  it("validates the owner's email and password", async () => {
    await expect(users.createUser(owner, { email: "m@example.test", role: "member", password: "short" })).rejects.toThrow(
      "password: must be at least 12 characters",
    );
  });
});

describe("sign-in", () => {
  it("issues a one-time ticket that opens one session", async () => {
    await users.createUser(owner, { email: "Ada@Example.test", role: "admin", password: PASSWORD });
    const r = await attemptSignIn({ email: "ada@example.TEST", password: PASSWORD }, meta);
    expect(r.ok).toBe(true);
    const ticket = (r as { ticket: string }).ticket;
    const session = await redeemTicket(ticket, meta);
    expect(session).not.toBeNull();
    expect(await redeemTicket(ticket, meta)).toBeNull();
    expect(await redeemTicket("forged", meta)).toBeNull();
    expect(await sessionUser(session!.sessionId)).toMatchObject({ email: "Ada@Example.test", role: "admin" });
  });

  it("says the same for an unknown account and a wrong password", async () => {
    expect(await attemptSignIn({ email: "nobody@example.test", password: PASSWORD }, { ip: "192.0.2.50" })).toEqual({
      ok: false,
      error: "Wrong email or password.",
    });
    expect(await attemptSignIn({ email: "ada@example.test", password: "wrong password!" }, { ip: "192.0.2.51" })).toEqual({
      ok: false,
      error: "Wrong email or password.",
    });
  });

  it("refuses the 11th try within the window without checking the password, then lets the right one in", async () => {
    await users.createUser(owner, { email: "brute@example.test", role: "member", password: PASSWORD });
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      const r = await attemptSignIn({ email: "brute@example.test", password: `guess number ${i}` }, { ip: `192.0.2.${i}` });
      expect(r).toEqual({ ok: false, error: "Wrong email or password." });
    }
    const blocked = await attemptSignIn({ email: "brute@example.test", password: PASSWORD }, { ip: "192.0.2.200" });
    expect(blocked).toEqual({ ok: false, error: "Too many failed sign-ins. Try again in 1 minute." });
    const events = await db().auditEvent.findMany({ where: { actor: "user:brute@example.test" }, orderBy: { id: "asc" } });
    expect(events.filter((e) => e.action === "auth.locked")).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ action: "auth.sign-in", outcome: "denied", detail: { reason: "throttled", target: "brute@example.test" } });

    // A flood past the limit writes no more rows in this window.
    for (let i = 0; i < 25; i++) await attemptSignIn({ email: "brute@example.test", password: `flood ${i}` }, { ip: "192.0.2.210" });
    const after = await db().auditEvent.findMany({ where: { actor: "user:brute@example.test" } });
    expect(after.filter((e) => (e.detail as { reason?: string }).reason === "throttled")).toHaveLength(1);
    expect(after).toHaveLength(events.length);

    // The window passes (moved in the database rather than waited for).
    await db().$executeRaw`update auth_throttle set window_start = window_start - interval '61 seconds'`;
    expect((await attemptSignIn({ email: "brute@example.test", password: PASSWORD }, { ip: "192.0.2.201" })).ok).toBe(true);
  });

  it("never stores what was typed as an unknown email (often a password), in the audit log or the throttle", async () => {
    const typed = "Tr0ub4dor&3-MySecretPassword";
    for (let i = 0; i < ACCOUNT_LIMIT + 3; i++) await attemptSignIn({ email: typed, password: "whatever it was" }, { ip: `192.0.2.${120 + i}` });
    const dump = (await dumpAllTables()).toLowerCase();
    expect(dump).not.toContain(typed.toLowerCase());
    const keys = (await db().authThrottle.findMany({ select: { key: true } })).map((r) => r.key);
    const tag = await unknownAccountTag(typed.toLowerCase());
    expect(keys).toContain(`account:unknown:${tag}`);
    for (const key of keys) expect(key).toMatch(/^(account:([0-9a-f-]{36}|unknown:[0-9a-f]{24})|ip:.*|setup:.*|2fa:[0-9a-f-]{36})$/);
    const rows = (await db().auditEvent.findMany({ where: { actor: "anonymous" }, orderBy: { id: "asc" } })).filter(
      (r) => (r.detail as { account?: string }).account === `unknown:${tag}`,
    );
    const signIns = rows.filter((r) => r.action === "auth.sign-in").map((r) => (r.detail as { reason?: string }).reason);
    expect(signIns).toEqual([...Array(ACCOUNT_LIMIT).fill("unknown account"), "throttled"]);
    // The same typo is recognisable across attempts without being readable.
    expect(new Set(rows.map((r) => (r.detail as { account?: string }).account)).size).toBe(1);
    expect(rows.filter((r) => r.action === "auth.locked")).toHaveLength(1);
    for (const r of rows) expect(r.detail).not.toHaveProperty("target");
  });

  it("limits failures per client address across accounts", async () => {
    const ip = "198.51.100.77";
    for (let i = 0; i < 50; i++) await attemptSignIn({ email: `spray${i}@example.test`, password: "wrong password!" }, { ip });
    const r = await attemptSignIn({ email: "ada@example.test", password: PASSWORD }, { ip });
    expect(r.ok).toBe(false);
    expect((await attemptSignIn({ email: "ada@example.test", password: PASSWORD }, { ip: "198.51.100.78" })).ok).toBe(true);
  });

  it("answers a disabled account exactly like a wrong password, and counts it as a failure", async () => {
    const id = await users.createUser(owner, { email: "gone@example.test", role: "member", password: PASSWORD });
    await users.disableUser(owner, id);
    const wrong = await attemptSignIn({ email: "gone@example.test", password: "not the password" }, { ip: "192.0.2.90" });
    const right = await attemptSignIn({ email: "gone@example.test", password: PASSWORD }, { ip: "192.0.2.91" });
    expect(right).toEqual({ ok: false, error: "Wrong email or password." });
    expect(right).toEqual(wrong);
    expect((await db().authThrottle.findUnique({ where: { key: `account:${id}` } }))!.failures).toBe(2);
  });
});

describe("changes take effect on the very next request", () => {
  it("role change, disable and sign-out-everywhere are seen by an open session", async () => {
    const id = await users.createUser(owner, { email: "eve@example.test", role: "admin", password: PASSWORD });
    const a = await signedIn("eve@example.test");
    const b = await signedIn("eve@example.test");
    await users.setRole(owner, id, "member");
    expect((await sessionUser(a.sessionId))!.role).toBe("member");
    await users.signOutEverywhere(owner, id);
    expect(await sessionUser(a.sessionId)).toBeNull();
    expect(await sessionUser(b.sessionId)).toBeNull();
    const c = await signedIn("eve@example.test");
    await users.disableUser(owner, id);
    expect(await sessionUser(c.sessionId)).toBeNull();
    const actions = (await db().auditEvent.findMany({ where: { actor: owner.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["user.role", "user.sign-out-everywhere", "user.disable"]));
  });

  it("changing the password signs out the other sessions only", async () => {
    const id = await users.createUser(owner, { email: "pat@example.test", role: "member", password: PASSWORD });
    const mine = await signedIn("pat@example.test");
    const other = await signedIn("pat@example.test");
    await expect(users.changePassword(owner, id, "not my password", "a brand new password", mine.sessionId)).rejects.toBeInstanceOf(ValidationError);
    await users.changePassword(owner, id, PASSWORD, "a brand new password", mine.sessionId);
    expect(await sessionUser(mine.sessionId)).not.toBeNull();
    expect(await sessionUser(other.sessionId)).toBeNull();
    expect((await listSessions(id, mine.sessionId)).map((s) => [s.handle, s.current])).toEqual([[sessionHandle(mine.sessionId), true]]);
    expect((await attemptSignIn({ email: "pat@example.test", password: "a brand new password" }, { ip: "192.0.2.99" })).ok).toBe(true);
  });
});

describe("the last owner", () => {
  it("cannot be demoted or disabled; with two owners, mutual demotion leaves one", async () => {
    const [first] = (await users.listUsers()).filter((u) => u.role === "owner");
    await expect(users.setRole(owner, first!.id, "admin")).rejects.toThrow("The last owner cannot be demoted");
    await expect(users.disableUser(owner, first!.id)).rejects.toThrow("The last owner cannot be disabled");

    const second = await users.createUser(owner, { email: "co-owner@example.test", role: "owner", password: PASSWORD });
    const results = await Promise.allSettled([users.setRole(owner, first!.id, "admin"), users.setRole(owner, second, "admin")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await users.listUsers()).filter((u) => u.role === "owner" && !u.disabled)).toHaveLength(1);
  });
});

describe("recent authentication", () => {
  it("a wrong password is refused and counted; the right one renews the session's proof", async () => {
    await users.createUser(owner, { email: "recent@example.test", role: "admin", password: PASSWORD });
    const session = await signedIn("recent@example.test");
    await db().session.update({ where: { id: session.sessionId }, data: { authAt: new Date(Date.now() - 3_600_000) } });
    const user = (await sessionUser(session.sessionId))!;
    expect(await reauthenticate(user, { password: "wrong password!" }, meta)).toEqual({ ok: false, error: "Wrong password." });
    expect((await sessionUser(session.sessionId))!.authAt.getTime()).toBeLessThan(Date.now() - 3_000_000);
    expect(await reauthenticate(user, { password: PASSWORD }, meta)).toEqual({ ok: true });
    expect(Date.now() - (await sessionUser(session.sessionId))!.authAt.getTime()).toBeLessThan(60_000);
  });
});

describe("throttling holds under parallel attempts", () => {
  it("20 wrong passwords at once: at most 10 are checked, the rest refused unchecked", async () => {
    await users.createUser(owner, { email: "parallel@example.test", role: "member", password: PASSWORD });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attemptSignIn({ email: "parallel@example.test", password: `wrong guess ${i}` }, { ip: `198.18.0.${i}` })),
    );
    const events = await db().auditEvent.findMany({ where: { actor: "user:parallel@example.test", action: "auth.sign-in" } });
    const checked = events.filter((e) => (e.detail as { reason?: string }).reason === "wrong password").length;
    expect(checked).toBeLessThanOrEqual(10);
    expect(results.filter((r) => !r.ok && r.error?.startsWith("Too many failed sign-ins"))).toHaveLength(20 - checked);
  });
});

describe("sessions as page JavaScript sees them", () => {
  it("carry a one-way handle, never the session id, and a handle revokes only its owner's session", async () => {
    const id = await users.createUser(owner, { email: "handles@example.test", role: "member", password: PASSWORD });
    const mine = await signedIn("handles@example.test");
    const other = await signedIn("handles@example.test");
    const listed = await listSessions(id, mine.sessionId);
    expect(JSON.stringify(listed)).not.toContain(mine.sessionId);
    expect(JSON.stringify(listed)).not.toContain(other.sessionId);
    const otherHandle = listed.find((s) => !s.current)!.handle;
    // Someone else's handle does nothing to this account.
    const stranger = await users.createUser(owner, { email: "stranger@example.test", role: "member", password: PASSWORD });
    expect(await revokeSessionByHandle(stranger, otherHandle)).toBe(false);
    expect(await sessionUser(other.sessionId)).not.toBeNull();
    expect(await revokeSessionByHandle(id, otherHandle)).toBe(true);
    expect(await sessionUser(other.sessionId)).toBeNull();
    expect(await sessionUser(mine.sessionId)).not.toBeNull();
  });
});
