import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { config } from "../config";
import { db } from "../db/client";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { countRows, dumpAllTables } from "../testing/db-dump";
import { hashToken, TOKEN_PATTERN } from "./format";
import { createToken, listTokens, revokeToken, tokenStatus } from "./service";

const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };
const unique = (prefix = "tok") => `${prefix}.${crypto.randomBytes(4).toString("hex")}`;

/** A second connection that hears the notices other instances would. */
let listener: pg.Client;
const notices: string[] = [];

beforeAll(async () => {
  listener = new pg.Client({ connectionString: config().databaseUrl });
  await listener.connect();
  listener.on("notification", (n) => notices.push(n.payload ?? ""));
  await listener.query("listen secrets_manager");
});

afterAll(async () => {
  await listener.end();
});

async function noticeFor(id: string) {
  await expect.poll(() => notices.includes(`tokens:${id}`), { timeout: 2000 }).toBe(true);
}

async function snapshot() {
  return { tokens: await countRows("api_tokens"), audit: await countRows("audit_events") };
}

describe("createToken", () => {
  it("returns the token once and stores only its SHA-256", async () => {
    const name = unique("backend");
    const { token, info } = await createToken(admin, { name, scopes: ["secrets:read"], namePatterns: ["STRIPE_*"], expiresInDays: 90 });
    expect(token).toMatch(TOKEN_PATTERN);
    expect(info).toMatchObject({ name, scopes: ["secrets:read"], namePatterns: ["STRIPE_*"], createdBy: admin.id, reads: 0, lastUsedAt: null, status: "active", revokedAt: null });
    expect(info.prefix).toBe(`${token.slice(0, 21)}…`);
    expect(info.expiresAt!.getTime() - Date.now()).toBeGreaterThan(89.9 * 86_400_000);
    expect(info.expiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(90 * 86_400_000);

    const row = await db().apiToken.findUniqueOrThrow({ where: { id: info.id } });
    expect(Buffer.from(row.tokenHash).equals(hashToken(token))).toBe(true);
    const secretPart = token.slice(21);
    const dump = await dumpAllTables();
    expect(dump).not.toContain(secretPart);
    expect(dump).not.toContain(Buffer.from(secretPart).toString("hex"));
    expect(dump).not.toContain(Buffer.from(secretPart).toString("base64"));
    expect(JSON.stringify(await listTokens())).not.toContain(secretPart);
    await noticeFor(info.id);
  });

  it("audits the creation with scopes, patterns and expiry, never the token", async () => {
    const name = unique();
    const { token, info } = await createToken(admin, { name, scopes: ["secrets:read", "secrets:write"] });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "token.create", actor: admin.id }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ outcome: "allowed", source: "127.0.0.1" });
    expect(event.detail).toEqual({ token: name, prefix: info.prefix, scopes: ["secrets:read", "secrets:write"], secrets: "every secret", expiresAt: "never" });
    expect(JSON.stringify(event.detail)).not.toContain(token.slice(21));
    expect(info.expiresAt).toBeNull();
  });

  it("refuses a name in use in any letter case, even a revoked token's, and writes nothing", async () => {
    const name = unique("Taken");
    await createToken(admin, { name, scopes: ["secrets:read"] });
    const before = await snapshot();
    await expect(createToken(admin, { name: name.toUpperCase(), scopes: ["secrets:read"] })).rejects.toThrow(ConflictError);
    await expect(createToken(admin, { name: name.toUpperCase(), scopes: ["secrets:read"] })).rejects.toThrow(/names differ only in letter case/);
    await revokeToken(admin, name);
    const after = await snapshot();
    const err = await createToken(admin, { name, scopes: ["secrets:read"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).status).toBe(409);
    expect((err as Error).message).toMatch(/already exists.*revoked/);
    expect(await snapshot()).toEqual(after);
    expect(after.tokens).toBe(before.tokens);
  });

  it("two concurrent creates of one name: one wins, the other is a conflict", async () => {
    const name = unique("race");
    const results = await Promise.allSettled([createToken(admin, { name, scopes: ["secrets:read"] }), createToken(admin, { name, scopes: ["secrets:read"] })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ConflictError);
  });

  it("refuses bad input with the field named, before writing anything", async () => {
    const before = await snapshot();
    const cases: [unknown, string][] = [
      [{ name: "bad name", scopes: ["secrets:read"] }, "name"],
      [{ name: unique(), scopes: [] }, "scopes"],
      [{ name: unique(), scopes: ["secrets:delete"] }, "scopes.0"],
      [{ name: unique(), scopes: ["secrets:read"], expiresInDays: 5 * 365 + 1 }, "expiresInDays"],
      [{ name: unique(), scopes: ["secrets:read"], namePatterns: ["A/B"] }, "namePatterns.0"],
    ];
    for (const [input, field] of cases) {
      const err = await createToken(admin, input as never).catch((e: unknown) => e);
      expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).field).toBe(field);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("listTokens", () => {
  it("shows each token's status: active, expired or revoked", async () => {
    const active = await createToken(admin, { name: unique("active"), scopes: ["secrets:read"] });
    const expired = await createToken(admin, { name: unique("expired"), scopes: ["secrets:read"], expiresInDays: 1 });
    await db().apiToken.update({ where: { id: expired.info.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await createToken(admin, { name: unique("revoked"), scopes: ["secrets:write"] });
    await revokeToken(admin, revoked.info.name);
    const list = await listTokens();
    const statusOf = (id: string) => list.find((t) => t.id === id)?.status;
    expect(statusOf(active.info.id)).toBe("active");
    expect(statusOf(expired.info.id)).toBe("expired");
    expect(statusOf(revoked.info.id)).toBe("revoked");
    expect(list.find((t) => t.id === revoked.info.id)).toMatchObject({ revokedBy: admin.id });
    // Newest first.
    const ids = list.map((t) => t.id);
    expect(ids.indexOf(revoked.info.id)).toBeLessThan(ids.indexOf(active.info.id));
    for (const t of list) expect(Object.keys(t)).not.toContain("tokenHash");
  });

  it("tokenStatus: an expiry at this very moment counts as expired", () => {
    const now = new Date();
    expect(tokenStatus({ revokedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: null, expiresAt: new Date(now.getTime() + 1) }, now)).toBe("active");
    expect(tokenStatus({ revokedAt: now, expiresAt: new Date(now.getTime() + 1000) }, now)).toBe("revoked");
  });
});

describe("revokeToken", () => {
  it("revokes by name in any case or by id, audits it and notifies other instances", async () => {
    const a = await createToken(admin, { name: unique("ByName"), scopes: ["secrets:read"] });
    const revoked = await revokeToken(admin, a.info.name.toLowerCase());
    expect(revoked).toMatchObject({ id: a.info.id, status: "revoked", revokedBy: admin.id });
    await noticeFor(a.info.id);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "token.revoke" }, orderBy: { id: "desc" } });
    expect(event.detail).toEqual({ token: a.info.name, prefix: a.info.prefix });

    const b = await createToken(admin, { name: unique("ById"), scopes: ["secrets:read"] });
    expect((await revokeToken(admin, b.info.id)).status).toBe("revoked");
  });

  it("an unknown token is not found; a revoked one cannot be revoked again; neither writes anything", async () => {
    const t = await createToken(admin, { name: unique(), scopes: ["secrets:read"] });
    await revokeToken(admin, t.info.name);
    const before = await snapshot();
    await expect(revokeToken(admin, "no.such.token")).rejects.toThrow(NotFoundError);
    await expect(revokeToken(admin, crypto.randomUUID())).rejects.toThrow(NotFoundError);
    await expect(revokeToken(admin, "")).rejects.toThrow(NotFoundError);
    await expect(revokeToken(admin, t.info.name)).rejects.toThrow(/already revoked/);
    expect(await snapshot()).toEqual(before);
  });

  it("an id wins over a token named like that id", async () => {
    const target = await createToken(admin, { name: unique("target"), scopes: ["secrets:read"] });
    const lookalike = await createToken(admin, { name: target.info.id, scopes: ["secrets:read"] });
    expect((await revokeToken(admin, target.info.id)).id).toBe(target.info.id);
    await expect(revokeToken(admin, target.info.id)).rejects.toThrow(/already revoked/);
    expect((await listTokens()).find((t) => t.id === lookalike.info.id)?.status).toBe("active");
  });

  it("a failed create sends no notice (it is sent with the commit only)", async () => {
    const name = unique("once");
    const first = await createToken(admin, { name, scopes: ["secrets:read"] });
    await noticeFor(first.info.id);
    const count = notices.length;
    await expect(createToken(admin, { name, scopes: ["secrets:read"] })).rejects.toThrow(ConflictError);
    await new Promise((r) => setTimeout(r, 200));
    expect(notices.length).toBe(count);
  });
});
