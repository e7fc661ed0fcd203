import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db/client";
import { ConflictError, TooManyRequestsError, ValidationError } from "../errors";
import { cli } from "../testing/cli";
import { openTestKeyring } from "../testing/keyring";
import * as password from "./password";
import { setupCode } from "./setup-code";
import { SETUP_LIMIT } from "./throttle";
import { createUser, setupOwner } from "./users";
import { ssoAccount } from "../auth/sso";
import { resetConfig } from "../config";

// Counts password hashing, so a refusal can be shown to cost no scrypt at all.
vi.mock("./password", async (original) => {
  const real = await original<typeof import("./password")>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});
const hashed = vi.mocked(password.hashPassword);

const PASSWORD = "correct horse battery staple";
let code: string;

beforeAll(async () => {
  await openTestKeyring();
  // The template database comes with an owner; this file starts from a fresh install.
  await db().user.deleteMany();
  code = (await setupCode())!;
});
beforeEach(() => {
  hashed.mockClear();
});

describe("the setup code", () => {
  it("is 80 bits in base32, grouped for reading, the same in every process (the CLI prints it too)", async () => {
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    expect(await setupCode()).toBe(code);
    const printed = await cli(["users", "setup-code"]);
    expect(printed).toMatchObject({ code: 0, stdout: `${code}\n` });
  });

  it("a wrong or missing code is refused before any hashing", async () => {
    const wrong = code.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    await expect(setupOwner({ email: "o@example.test", password: PASSWORD, code: wrong }, "192.0.2.1")).rejects.toThrow(
      "code: is not the setup code printed by npm start",
    );
    await expect(setupOwner({ email: "o@example.test", password: PASSWORD, code: "" }, "192.0.2.1")).rejects.toBeInstanceOf(ValidationError);
    await expect(setupOwner({ email: "not-an-email", password: PASSWORD, code }, "192.0.2.1")).rejects.toBeInstanceOf(ValidationError);
    expect(hashed).not.toHaveBeenCalled();
    expect(await db().user.count()).toBe(0);
  });

  it("guesses are limited per client address, and a flood is logged once", async () => {
    const ip = "198.51.100.66";
    for (let i = 0; i < SETUP_LIMIT; i++) {
      await expect(setupOwner({ email: "o@example.test", password: PASSWORD, code: `WRONG-CODE-${i}` }, ip)).rejects.toBeInstanceOf(ValidationError);
    }
    for (let i = 0; i < 3; i++) {
      // Refused unchecked, even with the right code.
      await expect(setupOwner({ email: "o@example.test", password: PASSWORD, code }, ip)).rejects.toBeInstanceOf(TooManyRequestsError);
    }
    expect(await db().auditEvent.count({ where: { action: "auth.setup", outcome: "denied" } })).toBe(1);
    expect(hashed).not.toHaveBeenCalled();
  });

  it("single sign-on creates nobody before the owner exists, so it cannot lock the install out of its setup", async () => {
    Object.assign(process.env, {
      SECRETS_OIDC_ISSUER: "http://127.0.0.1:1",
      SECRETS_OIDC_CLIENT_ID: "x",
      SECRETS_OIDC_CLIENT_SECRET: "y",
      SECRETS_OIDC_MEMBER_DOMAINS: "*",
    });
    resetConfig();
    expect(await ssoAccount({ email: "early@anywhere.test", email_verified: true }, "192.0.2.9")).toBeNull();
    expect(await db().user.count()).toBe(0);
    // Even a member made some other way (the CLI) does not end the setup.
    await createUser({ id: "test" }, { email: "member-first@example.test", role: "member" });
    expect(await setupCode()).toBe(code);
  });

  it("the right code (any case, with or without dashes) creates the owner once", async () => {
    const typed = code.replace(/-/g, " ").toLowerCase();
    const id = await setupOwner({ email: "owner@example.test", password: PASSWORD, code: typed }, "192.0.2.2");
    expect(await db().user.findUnique({ where: { id }, select: { role: true } })).toEqual({ role: "owner" });
    expect(hashed).toHaveBeenCalledTimes(1);
    expect(await setupCode()).toBeNull();
  });

  it("once an owner exists, setup refuses at once: no hashing, no throttle row, whatever the code", async () => {
    const rowsBefore = await db().authThrottle.count();
    await expect(setupOwner({ email: "late@example.test", password: PASSWORD, code }, "192.0.2.3")).rejects.toBeInstanceOf(ConflictError);
    await expect(setupOwner({ email: "late@example.test", password: PASSWORD, code: "x" }, "192.0.2.3")).rejects.toThrow("Setup is already done");
    expect(hashed).not.toHaveBeenCalled();
    expect(await db().authThrottle.count()).toBe(rowsBefore);
    expect(await cli(["users", "setup-code"])).toMatchObject({ code: 1 });
  });
});
