import { resetConfig } from "../config";
import crypto from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "../audit";
import { db } from "../db/client";
import { ConflictError, ValidationError } from "../errors";
import { setKeyring } from "../keys";
import { Keyring } from "../keys/keyring";
import { LocalRootKey } from "../keys/root-key";
import { rotateRootKey } from "../keys/rotation";
import { dumpAllTables } from "../testing/db-dump";
import { openTestKeyring } from "../testing/keyring";
import { attemptSignIn, completeSecondFactor, reauthenticate, redeemTicket } from "./sign-in";
import { base32Decode, stepAt, totpCode } from "./totp";
import { createSession, sessionUser } from "./sessions";
import { ssoAccount, ssoSession } from "../auth/sso";
import { checkSecondFactor, confirmEnrollment, disableTwoFactor, setAdminTwoFactorRequired, startEnrollment, twoFactorEnabled } from "./two-factor";
import { changePassword, createUser, disableUser, resetPassword, resetTwoFactor, signOutEverywhere } from "./users";

const PASSWORD = "correct horse battery staple";
const EMAIL = "totp@example.test";
const actor: Actor = { id: "user:owner@test.invalid" };
const meta = { ip: "192.0.2.10" };
let ring: Keyring;
let userId: string;
let secret: Buffer;
let recovery: string[];

const codeAt = (offsetSeconds = 0) => totpCode(secret, stepAt(Date.now() + offsetSeconds * 1000));
const verifySecondFactor = async (id: string, code: string) => (await checkSecondFactor(id, code)).used;
afterEach(() => vi.useRealTimers());

beforeAll(async () => {
  ring = await openTestKeyring();
  userId = await createUser(actor, { email: EMAIL, role: "admin", password: PASSWORD });
});

describe("enrolment", () => {
  it("is not required until confirmed with a code; a wrong code is refused", async () => {
    const started = await startEnrollment(userId, EMAIL);
    secret = base32Decode(started.secret);
    expect(started.uri).toContain(`secret=${started.secret}`);
    expect(await twoFactorEnabled(userId)).toBe(false);
    expect((await attemptSignIn({ email: EMAIL, password: PASSWORD }, meta)).ok).toBe(true);
    await expect(confirmEnrollment(actor, userId, "000000" === codeAt() ? "111111" : "000000")).rejects.toBeInstanceOf(ValidationError);
    recovery = await confirmEnrollment(actor, userId, codeAt());
    expect(recovery).toHaveLength(10);
    // 80 random bits each: 16 base32 characters, shown in groups of four.
    for (const c of recovery) expect(c).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    expect(new Set(recovery).size).toBe(10);
    expect(await twoFactorEnabled(userId)).toBe(true);
    await expect(startEnrollment(userId, EMAIL)).rejects.toBeInstanceOf(ConflictError);
  });

  it("stores neither the TOTP secret nor the recovery codes in the clear", async () => {
    const dump = await dumpAllTables();
    expect(dump).not.toContain(secret.toString("hex"));
    for (const c of recovery) expect(dump).not.toContain(c);
  });
});

describe("sign-in with a second factor", () => {
  it("a right password gives only a pending ticket that Auth.js refuses", async () => {
    const first = await attemptSignIn({ email: EMAIL, password: PASSWORD }, meta);
    expect(first.ok).toBe(false);
    const pending = (first as { pending: string }).pending;
    expect(pending).toBeTruthy();
    expect(await redeemTicket(pending, meta)).toBeNull();

    const wrong = await completeSecondFactor(pending, "123456" === codeAt(30) ? "654321" : "123456", meta);
    expect(wrong).toMatchObject({ ok: false, error: "That code is not right.", pending });
    const right = await completeSecondFactor(pending, codeAt(30), meta);
    expect(right.ok).toBe(true);
    expect(await redeemTicket((right as { ticket: string }).ticket, meta)).not.toBeNull();
    expect(await completeSecondFactor(pending, codeAt(30), meta)).toMatchObject({ ok: false, error: "The sign-in took too long. Start again." });
  });

  it("accepts each code once, and each recovery code once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 120_000);
    const code = codeAt();
    expect(await verifySecondFactor(userId, code)).toBe("totp");
    expect(await verifySecondFactor(userId, code)).toBeNull();
    expect(await verifySecondFactor(userId, recovery[0]!.toUpperCase())).toBe("recovery");
    expect(await verifySecondFactor(userId, recovery[0]!)).toBeNull();
    expect(await verifySecondFactor(userId, "not-a-code")).toBeNull();
  });

  it("keeps working after the root key is rotated", async () => {
    const next = new LocalRootKey(crypto.randomBytes(32));
    await rotateRootKey(ring, next, actor);
    const reopened = new Keyring(next);
    await reopened.load();
    setKeyring(reopened);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 240_000);
    expect(await verifySecondFactor(userId, codeAt())).toBe("totp");
    expect(await db().auditEvent.count({ where: { action: "user.2fa", actor: actor.id } })).toBe(1);
  });
});

describe("the owner's policy: admins need two-factor sign-in", () => {
  it("can be turned on only by someone who uses it, and flags admins without it on their next request", async () => {
    const plainAdmin = await createUser(actor, { email: "plain-admin@example.test", role: "admin", password: PASSWORD });
    const member = await createUser(actor, { email: "plain-member@example.test", role: "member", password: PASSWORD });
    await expect(setAdminTwoFactorRequired(actor, plainAdmin, true)).rejects.toThrow("Turn on two-factor sign-in for your own account first");

    const sessions = await Promise.all([plainAdmin, member, userId].map((id) => createSession(id, meta)));
    await setAdminTwoFactorRequired(actor, userId, true);
    const [a, m, t] = await Promise.all(sessions.map((sid) => sessionUser(sid)));
    expect(a).toMatchObject({ role: "admin", twoFactor: false, twoFactorRequired: true });
    expect(m).toMatchObject({ role: "member", twoFactorRequired: false });
    expect(t).toMatchObject({ role: "admin", twoFactor: true, twoFactorRequired: false });

    await setAdminTwoFactorRequired(actor, userId, false);
    expect((await sessionUser(sessions[0]!))!.twoFactorRequired).toBe(false);
  });
});

describe("second-factor guessing", () => {
  it("is limited per user, and a right password does not reset the count", async () => {
    const id = await createUser(actor, { email: "guess@example.test", role: "member", password: PASSWORD });
    const started = await startEnrollment(id, "guess@example.test");
    const own = base32Decode(started.secret);
    await confirmEnrollment(actor, id, totpCode(own, stepAt(Date.now())));
    const wrong = (c: string) => (c === "000000" ? "111111" : "000000");
    for (let round = 0; round < 2; round++) {
      const first = await attemptSignIn({ email: "guess@example.test", password: PASSWORD }, meta);
      const pending = (first as { pending: string }).pending;
      for (let i = 0; i < 3; i++) {
        const r = await completeSecondFactor(pending, wrong(totpCode(own, stepAt(Date.now()) + 1)), meta);
        if (round === 1 && i === 2) expect(r).toMatchObject({ ok: false, error: "Too many failed attempts. Try again in 1 minute." });
        else expect(r).toMatchObject({ ok: false, error: "That code is not right." });
      }
    }
    const again = await attemptSignIn({ email: "guess@example.test", password: PASSWORD }, meta);
    const refused = await completeSecondFactor((again as { pending: string }).pending, totpCode(own, stepAt(Date.now()) + 1), meta);
    expect(refused.ok).toBe(false);
  });
});

describe("single sign-on and two-factor accounts", () => {
  it("refuses SSO into an account with two-factor on, and SSO sessions are never 'recent'", async () => {
    Object.assign(process.env, {
      SECRETS_OIDC_ISSUER: "http://127.0.0.1:1",
      SECRETS_OIDC_CLIENT_ID: "x",
      SECRETS_OIDC_CLIENT_SECRET: "y",
      SECRETS_OIDC_MEMBER_DOMAINS: "sso.example.test",
    });
    resetConfig();
    expect(await ssoAccount({ email: EMAIL, email_verified: true }, null)).toBeNull();
    expect(await ssoAccount({ email: "plain-member@example.test", email_verified: true }, null)).toBeTruthy();
    expect(await ssoAccount({ email: "someone@sso.example.test", email_verified: false }, null)).toBeNull();
    const created = await ssoAccount({ email: "someone@sso.example.test", email_verified: true }, null);
    expect(created).toBeTruthy();
    const sid = await ssoSession({ email: "someone@sso.example.test" }, meta);
    expect((await sessionUser(sid))!).toMatchObject({ role: "member" });
    expect((await sessionUser(sid))!.authAt.getTime()).toBe(0);
  });
});

/** A user with two-factor sign-in on, and their app's secret. */
async function enrolled(email: string): Promise<{ id: string; secret: Buffer; codes: string[] }> {
  const id = await createUser(actor, { email, role: "member", password: PASSWORD });
  const own = base32Decode((await startEnrollment(id, email)).secret);
  const codes = await confirmEnrollment(actor, id, totpCode(own, stepAt(Date.now())));
  return { id, secret: own, codes };
}

const NOT_A_CODE = "AAAA-AAAA-AAAA-AAAA";

describe("one limit for second-factor codes, whichever path takes them", () => {
  it("guesses spread over sign-in, re-authentication and turning 2FA off add up", async () => {
    const { id, codes } = await enrolled("spread@example.test");
    const first = await attemptSignIn({ email: "spread@example.test", password: PASSWORD }, meta);
    const pending = (first as { pending: string }).pending;
    for (let i = 0; i < 2; i++) expect(await completeSecondFactor(pending, NOT_A_CODE, meta)).toMatchObject({ error: "That code is not right." });
    const user = (await sessionUser(await createSession(id, meta)))!;
    for (let i = 0; i < 2; i++) expect(await reauthenticate(user, { password: PASSWORD, code: NOT_A_CODE }, meta)).toEqual({ ok: false, error: "That code is not right." });
    await expect(disableTwoFactor(actor, id, PASSWORD, NOT_A_CODE)).rejects.toBeInstanceOf(ValidationError);
    // Five wrong codes in all: even a right one is now refused unchecked, on every path.
    expect(await reauthenticate(user, { password: PASSWORD, code: codes[0]! }, meta)).toEqual({
      ok: false,
      error: "Too many failed attempts. Try again in 1 minute.",
    });
    await expect(disableTwoFactor(actor, id, PASSWORD, codes[0]!)).rejects.toThrow("Too many failed attempts");
    expect(await completeSecondFactor(pending, codes[0]!, meta)).toMatchObject({ ok: false, error: "Too many failed attempts. Try again in 1 minute." });
    expect(await checkSecondFactor(id, codes[0]!)).toMatchObject({ used: null });
    expect(await db().recoveryCode.count({ where: { userId: id, usedAt: { not: null } } })).toBe(0);
  });

  it("recovery codes from before (10 hex characters) still work once", async () => {
    const { id } = await enrolled("legacy@example.test");
    const legacy = "3f9a0-c41b7";
    const codeHash = crypto.createHash("sha256").update(legacy.replace("-", "")).digest("hex");
    await db().recoveryCode.create({ data: { codeHash, userId: id } });
    expect((await checkSecondFactor(id, legacy.toUpperCase())).used).toBe("recovery");
    expect((await checkSecondFactor(id, legacy)).used).toBeNull();
  });
});

describe("sign-ins in progress end with the account's sessions", () => {
  const steps: [string, (id: string) => Promise<unknown>][] = [
    ["a password change", (id) => changePassword(actor, id, PASSWORD, PASSWORD + "!", "00000000-0000-4000-8000-000000000000")],
    ["sign out everywhere", (id) => signOutEverywhere(actor, id)],
    ["disabling", (id) => disableUser(actor, id)],
    ["a password reset", (id) => resetPassword(actor, id, "a reset password, long")],
    ["a second-factor reset", (id) => resetTwoFactor(actor, id)],
  ];
  it.each(steps)("a ticket waiting for its code dies with %s", async (what, step) => {
    const email = `pending-${what.replace(/\W+/g, "-")}@example.test`;
    const { id, secret: own } = await enrolled(email);
    const pending = ((await attemptSignIn({ email, password: PASSWORD }, meta)) as { pending: string }).pending;
    expect(pending).toBeTruthy();
    await step(id);
    const next = totpCode(own, stepAt(Date.now()) + 1);
    expect(await completeSecondFactor(pending, next, meta)).toEqual({ ok: false, error: "The sign-in took too long. Start again." });
    expect(await db().signInTicket.count({ where: { userId: id } })).toBe(0);
  });

  it("a ticket that passed every check, not yet redeemed, dies too", async () => {
    const id = await createUser(actor, { email: "unredeemed@example.test", role: "member", password: PASSWORD });
    const r = await attemptSignIn({ email: "unredeemed@example.test", password: PASSWORD }, meta);
    await signOutEverywhere(actor, id);
    expect(await redeemTicket((r as { ticket: string }).ticket, meta)).toBeNull();
  });
});
