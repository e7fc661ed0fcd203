import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import type { SessionUser } from "../users/sessions";
import { defineAction } from "./define-action";
import { checkbox, id, text } from "./fields";
import { GENERIC_ERROR } from "./result";

// The session user is the DAL's answer; here it is whatever each test says.
const dal = vi.hoisted(() => ({ user: null as SessionUser | null, calls: 0 }));
vi.mock("../auth/dal", () => ({
  currentUser: async () => {
    dal.calls++;
    return dal.user;
  },
  actorFor: async (u: SessionUser) => ({ id: `user:${u.email}`, source: "127.0.0.1" }),
  clientMeta: async () => ({ ip: "127.0.0.1", userAgent: "test" }),
  hasRole: (u: SessionUser, role: string) => ({ member: 1, admin: 2, owner: 3 })[u.role] >= ({ member: 1, admin: 2, owner: 3 } as Record<string, number>)[role]!,
  isRecentlyAuthenticated: (u: SessionUser) => Date.now() - u.authAt.getTime() <= 60_000,
}));
const revalidated = vi.hoisted(() => [] as string[]);
vi.mock("next/cache", () => ({ revalidatePath: (p: string) => revalidated.push(p) }));

const USER_ID = "6f1c1c56-4a4e-4d0e-9d43-2f4bd1a1b8a1";
const user = (over: Partial<SessionUser> = {}): SessionUser => ({
  id: USER_ID,
  email: "o@example.test",
  name: "",
  role: "owner",
  sessionId: "7b0f6a4e-58b2-4a8e-bb3c-2d6a0f5c9e11",
  authAt: new Date(),
  twoFactor: false,
  twoFactorRequired: false,
  ...over,
});

const input = z.object({ userId: id, name: text(100), admin: checkbox });

function makeAction(options: { role?: "member" | "admin" | "owner"; recentAuth?: boolean } = {}) {
  const fn = vi.fn(async (_input: z.output<typeof input>) => ({ ok: true, message: "done" }));
  const action = defineAction(
    { role: options.role ?? "owner", recentAuth: options.recentAuth ?? false, input, revalidate: ["/users"], keep: ["name"] },
    async (i, ctx) => {
      expect(ctx.actor.id).toBe(`user:${ctx.user.email}`);
      return fn(i);
    },
  );
  return { action, fn };
}

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};

beforeEach(() => {
  dal.user = user();
  dal.calls = 0;
  revalidated.length = 0;
});

describe("defineAction: input first, before any database call", () => {
  it.each([
    ["wrong types", [{ userId: 42, name: ["x"] }]],
    ["a huge string", [{ userId: USER_ID, name: "x".repeat(5_000_000) }]],
    ["an id that is not a UUID", [{ userId: "1; drop table users", name: "a" }]],
    ["a huge FormData field", [{}, form({ userId: USER_ID, name: "y".repeat(1_000_000) })]],
  ])("%s: field errors, no user lookup, no call", async (_label, args) => {
    const { action, fn } = makeAction();
    const result = await (action as (...a: unknown[]) => Promise<object>)(...args);
    expect(result).toMatchObject({ error: "Check the highlighted field.", fieldErrors: expect.any(Object) });
    expect(JSON.stringify(result).length).toBeLessThan(1000);
    expect(dal.calls).toBe(0);
    expect(fn).not.toHaveBeenCalled();
  });

  it.each([
    ["extra arguments", [{ userId: USER_ID, name: "a" }, { more: 1 }, "x"]],
    ["a string instead of an object", ["x".repeat(100_000)]],
    ["a class instance", [new Date()]],
    ["null", [null]],
    ["an array", [[USER_ID]]],
    ["state without FormData", [{}, { userId: USER_ID }]],
    ["three arguments ending in FormData", [{}, {}, form({ userId: USER_ID, name: "a" })]],
  ])("%s: a safe refusal, no user lookup", async (_label, args) => {
    const { action, fn } = makeAction();
    const result = await (action as (...a: unknown[]) => Promise<object>)(...args);
    expect(result).toEqual({ error: expect.stringMatching(/not valid/) });
    expect(dal.calls).toBe(0);
    expect(fn).not.toHaveBeenCalled();
  });

  it("a form field named __proto__ (a file, even) is not input and cannot replace the object's prototype", async () => {
    const { action, fn } = makeAction();
    const f = form({ userId: USER_ID, name: "a" });
    f.append("__proto__", new File(["x"], "evil.txt"));
    f.append("constructor", "x");
    const result = await action({}, f);
    expect(result).toEqual({ ok: true, message: "done" });
    expect(fn).toHaveBeenCalledWith({ userId: USER_ID, name: "a", admin: false });
    // A prototype-carrying File alone, without the other fields: still a normal field error, not a throw.
    const lone = new FormData();
    lone.append("__proto__", new File(["x"], "evil.txt"));
    expect(await action({}, lone)).toMatchObject({ error: "Check the highlighted field." });
  });

  it("puts each bad field's message on that field", async () => {
    const { action } = makeAction();
    const result = await action({ userId: "nope", name: "z".repeat(101) });
    expect(result.fieldErrors).toEqual({ userId: "is not a valid id", name: "must be at most 100 characters" });
    expect(result.values).toEqual({ name: "z".repeat(101) });
  });
});

describe("defineAction: who may call", () => {
  it("refuses anonymous callers, too low a role and admins the 2FA policy holds back", async () => {
    const { action, fn } = makeAction({ role: "admin" });
    const ok = { userId: USER_ID, name: "a" };
    dal.user = null;
    expect(await action(ok)).toMatchObject({ error: "Sign in again to continue." });
    dal.user = user({ role: "member" });
    expect(await action(ok)).toMatchObject({ error: "Not allowed" });
    dal.user = user({ role: "admin", twoFactorRequired: true });
    expect(await action(ok)).toMatchObject({ error: expect.stringContaining("two-factor") });
    expect(fn).not.toHaveBeenCalled();
    expect(revalidated).toEqual([]);
  });

  it("asks an old sign-in to re-authenticate when the action needs a recent one", async () => {
    const { action, fn } = makeAction({ recentAuth: true });
    dal.user = user({ authAt: new Date(Date.now() - 120_000) });
    expect(await action({ userId: USER_ID, name: "a" })).toMatchObject({ reauth: true });
    // Single sign-on sessions start at the epoch: never recent.
    dal.user = user({ authAt: new Date(0) });
    expect(await action({ userId: USER_ID, name: "a" })).toMatchObject({ reauth: true });
    expect(fn).not.toHaveBeenCalled();
    dal.user = user();
    expect(await action({ userId: USER_ID, name: "a" })).toEqual({ ok: true, message: "done" });
  });

  it("lets the 2FA policy pass for member-level actions, so an admin can still turn 2FA on", async () => {
    const { action } = makeAction({ role: "member" });
    dal.user = user({ role: "admin", twoFactorRequired: true });
    expect(await action({ userId: USER_ID, name: "a" })).toEqual({ ok: true, message: "done" });
  });
});

describe("defineAction: calling conventions and results", () => {
  it("accepts a plain object, a FormData, and (previousState, FormData); checkboxes become booleans", async () => {
    const { action, fn } = makeAction();
    await action({ userId: USER_ID, name: "obj", admin: true });
    await action(form({ userId: USER_ID, name: "form", admin: "on" }));
    await action({ error: "previous" }, form({ userId: USER_ID, name: "state", $ACTION_ID_abc: "" }));
    expect(fn.mock.calls.map((c) => c[0])).toEqual([
      { userId: USER_ID, name: "obj", admin: true },
      { userId: USER_ID, name: "form", admin: true },
      { userId: USER_ID, name: "state", admin: false },
    ]);
    expect(revalidated).toEqual(["/users", "/users", "/users"]);
  });

  it("maps typed errors in one place and keeps what was typed", async () => {
    const thrown = [
      [new ValidationError("name", "is taken"), { error: "Check the highlighted field.", fieldErrors: { name: "is taken" } }],
      [new ConflictError("Already there"), { error: "Already there" }],
      [new NotFoundError("No such user"), { error: "No such user" }],
    ] as const;
    for (const [err, expected] of thrown) {
      const action = defineAction({ role: "owner", recentAuth: false, input, keep: ["name"], revalidate: "/x" }, async () => {
        throw err;
      });
      expect(await action({ userId: USER_ID, name: "kept" })).toEqual({ ...expected, values: { name: "kept" } });
    }
    expect(revalidated).toEqual([]);
  });

  it("answers unexpected errors generically and logs their name only, never their message", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const action = defineAction({ role: "owner", recentAuth: false, input }, async (i) => {
      throw new TypeError(`invalid input: ${i.name}`);
    });
    expect(await action({ userId: USER_ID, name: "top-secret-value" })).toEqual({ error: GENERIC_ERROR });
    expect(spy).toHaveBeenCalledWith("server action failed: TypeError");
    expect(JSON.stringify(spy.mock.calls)).not.toContain("top-secret-value");
    spy.mockRestore();
  });

  it("lets Next's redirect() through", async () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/x;307;" });
    const action = defineAction({ role: "member", recentAuth: false, input: z.object({}) }, async () => {
      throw redirect;
    });
    await expect(action({})).rejects.toBe(redirect);
  });

  it("runs for anyone when the role is 'anyone', with no user", async () => {
    dal.user = null;
    const action = defineAction({ role: "anyone", recentAuth: false, input: z.object({}) }, async (_i, { user, actor }) => ({
      message: `${user === null} ${actor.id}`,
    }));
    expect(await action({})).toEqual({ message: "true anonymous" });
  });
});
