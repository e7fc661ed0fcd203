import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "../audit";
import { config } from "../config";
import { db } from "../db/client";
import { keyring } from "../keys";
import { tokenMac } from "./integrity";
import { isListening, onChange, stopListening } from "../db/notify";
import { closePool, pool } from "../db/pool";
import { ForbiddenError, UnauthorizedError } from "../errors";
import {
  authenticateToken,
  clearTokenCache,
  flushTokenUse,
  nameAllowed,
  recordTokenUse,
  requireName,
  requireScope,
  type TokenPrincipal,
} from "./authenticate";
import { createToken, listTokens, revokeToken } from "./service";

const admin: Actor = { id: "user:admin@example.test", source: "127.0.0.1" };
const unique = (prefix = "tok") => `${prefix}.${crypto.randomBytes(4).toString("hex")}`;

const heard = new Set<string>();
onChange("tokens", (id) => heard.add(id));

/** A new token, once this process has heard its creation's notice (which drops it from the cache if it came later). */
async function newToken(opts: { scopes?: ("secrets:read" | "secrets:write")[]; namePatterns?: string[]; expiresInDays?: number } = {}) {
  const made = await createToken(admin, { name: unique(), scopes: opts.scopes ?? ["secrets:read"], namePatterns: opts.namePatterns, expiresInDays: opts.expiresInDays });
  for (let i = 0; i < 200 && isListening() && !heard.has(made.info.id); i++) await new Promise((r) => setTimeout(r, 5));
  return made;
}

/** The refusal an authentication ends in (it must be an UnauthorizedError, 401). */
async function refusal(header: string | undefined): Promise<UnauthorizedError> {
  const err = await authenticateToken(header).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `accepted: ${header?.slice(0, 30)}`).toBeInstanceOf(UnauthorizedError);
  expect((err as UnauthorizedError).status).toBe(401);
  return err as UnauthorizedError;
}

/** Another connection, as another instance would change the database: in one transaction, with or without its notice. */
async function elsewhere(sql: string, values: unknown[], notify?: string) {
  const c = new pg.Client({ connectionString: config().databaseUrl });
  await c.connect();
  try {
    await c.query("begin");
    await c.query(sql, values);
    if (notify) await c.query("select pg_notify('secrets_manager', $1)", [notify]);
    await c.query("commit");
  } finally {
    await c.end();
  }
}

/** How long until `header` is refused, polling every 10 ms (fails after `limitMs`). */
async function msUntilRefused(header: string, limitMs = 3000): Promise<{ ms: number; error: Error }> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    const error = await authenticateToken(header).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    if (error) return { ms: performance.now() - started, error };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`still accepted after ${limitMs} ms`);
}

beforeAll(async () => {
  // Subscribes this process to notices; the cache trusts itself only once they are heard.
  const { token } = await newToken();
  await authenticateToken(token);
  for (let i = 0; i < 500 && !isListening(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!isListening()) throw new Error("this process never started hearing notices");
});

afterAll(async () => {
  await flushTokenUse();
  await stopListening();
  await closePool();
});

describe("authenticateToken", () => {
  it("accepts the token bare (as the Wix client sends it) and as a Bearer token", async () => {
    const { token, info } = await newToken({ scopes: ["secrets:read", "secrets:write"], namePatterns: ["STRIPE_*"] });
    const expected: TokenPrincipal = { id: info.id, name: info.name, scopes: ["secrets:read", "secrets:write"], namePatterns: ["STRIPE_*"], caller: `token:${info.name}` };
    expect(await authenticateToken(token)).toEqual(expected);
    expect(await authenticateToken(`Bearer ${token}`)).toEqual(expected);
    expect(await authenticateToken(`bearer   ${token}  `)).toEqual(expected);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["blanks", "   "],
    ["Bearer and nothing", "Bearer "],
  ])("refuses %s as missing", async (_label, header) => {
    expect((await refusal(header)).message).toMatch(/^Missing API token/);
  });

  it("refuses a malformed token without a database query, and never echoes it", async () => {
    const { token } = await newToken();
    const spy = vi.spyOn(pool(), "query");
    try {
      const cases = [
        "smk_nothex",
        token.slice(0, -1),
        `${token}x`,
        token.replace("smk_", "smK_"),
        `Basic ${Buffer.from(`user:${token}`).toString("base64")}`,
        `Bearer ${token} ${token}`,
        `${token}\u0000`,
        "x".repeat(100_000),
      ];
      for (const header of cases) {
        const err = await refusal(header);
        expect(err.message).toMatch(/^Malformed API token/);
        expect(err.message).not.toContain(token.slice(21));
        expect(err.message).not.toContain(token.slice(4, 20));
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses an unknown lookup id and a wrong secret with a right lookup id alike, without naming the token", async () => {
    const { token, info } = await newToken();
    const wrongSecret = token.slice(0, 21) + crypto.randomBytes(32).toString("base64url");
    const unknownId = `smk_${crypto.randomBytes(8).toString("hex")}${token.slice(20)}`;
    for (const header of [wrongSecret, unknownId, `Bearer ${wrongSecret}`]) {
      const err = await refusal(header);
      expect(err.message).toBe("Unknown or wrong API token");
      expect(err.message).not.toContain(info.name);
    }
    // The right token still works: the wrong one did not poison the cache.
    expect((await authenticateToken(token)).id).toBe(info.id);
  });

  it("a cached token costs no database query", async () => {
    const { token } = await newToken();
    await authenticateToken(token);
    const spy = vi.spyOn(pool(), "query");
    try {
      for (let i = 0; i < 50; i++) await authenticateToken(token);
      // And concurrent first uses of a token share one query.
      clearTokenCache();
      await Promise.all(Array.from({ length: 20 }, () => authenticateToken(token)));
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses an expired token, checking the cached expiry on every call", async () => {
    const { token, info } = await newToken({ expiresInDays: 30 });
    // Re-sealed as the app would seal it (lib/tokens/integrity.ts), so only the expiry differs.
    const row = (await db().apiToken.findUnique({ where: { id: info.id } }))!;
    // Far enough ahead that the first check passes even on a busy machine.
    const expiresAt = new Date(Date.now() + 1500);
    const { integrityKey } = await keyring();
    const mac = tokenMac(integrityKey, { ...row, tokenHash: row.tokenHash, expiresAt, revoked: false });
    // The table's trigger announces the change; wait for that notice so it cannot drop the entry mid-test.
    const heard = new Promise<void>((resolve) => {
      const stop = onChange("tokens", (payload) => payload === info.id && (stop(), resolve()));
    });
    await db().apiToken.update({ where: { id: info.id }, data: { expiresAt, mac } });
    await heard;
    clearTokenCache();
    expect((await authenticateToken(token)).id).toBe(info.id);
    const spy = vi.spyOn(pool(), "query");
    try {
      const { ms, error } = await msUntilRefused(token);
      expect(ms).toBeLessThan(2500);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error.message).toMatch(new RegExp(`^API token "${info.name.replace(/\./g, "\\.")}" expired on \\d{4}-`));
      // The cache answered: expiry needs no query.
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("a token row written or widened outside the app does not authenticate (its MAC fails)", async () => {
    const { token, info } = await newToken({ scopes: ["secrets:read"] });
    await elsewhere("update api_tokens set scopes = '{secrets:read,secrets:write}' where id = $1", [info.id]);
    await expect.poll(() => authenticateToken(token).then(() => "accepted", (e: Error) => e.message), { timeout: 1000, interval: 20 }).toBe("Unknown or wrong API token");
    // A minted row: the right hash of a token someone made up, no valid MAC.
    const forged = `smk_${"ab".repeat(8)}_${"A".repeat(43)}`;
    await elsewhere(
      "insert into api_tokens (id, name, name_key, lookup_id, token_hash, scopes, created_by) values (gen_random_uuid(), 'forged', 'forged', $1, $2, '{secrets:read,secrets:write}', 'x')",
      ["ab".repeat(8), crypto.createHash("sha256").update(forged).digest()],
    );
    expect((await refusal(forged)).message).toBe("Unknown or wrong API token");
    // Undoing a revocation in the database does not bring a token back.
    const revoked = await newToken();
    await revokeToken(admin, revoked.info.name);
    await elsewhere("update api_tokens set revoked_at = null, revoked_by = null where id = $1", [revoked.info.id]);
    await new Promise((r) => setTimeout(r, 100));
    expect((await refusal(revoked.token)).message).toBe("Unknown or wrong API token");
  });

  it("refuses a revoked token at once in the process that revoked it", async () => {
    const { token, info } = await newToken();
    await authenticateToken(token);
    await revokeToken(admin, info.name);
    const err = await refusal(token);
    expect(err.message).toMatch(/^API token ".*" was revoked on \d{4}-/);
    expect(err.message).not.toContain(token.slice(21));
  });
});

describe("scopes and name patterns", () => {
  it("requireScope names the scope the token lacks", async () => {
    const { token } = await newToken({ scopes: ["secrets:read"] });
    const p = await authenticateToken(token);
    expect(() => requireScope(p, "secrets:read")).not.toThrow();
    expect(() => requireScope(p, "secrets:write")).toThrow(ForbiddenError);
    expect(() => requireScope(p, "secrets:write")).toThrow(`API token "${p.name}" lacks the scope secrets:write`);
    const writer = await authenticateToken((await newToken({ scopes: ["secrets:write"] })).token);
    expect(() => requireScope(writer, "secrets:read")).toThrow(/lacks the scope secrets:read/);
  });

  it("requireName allows only secrets matching the patterns, in any letter case", async () => {
    const p = await authenticateToken((await newToken({ namePatterns: ["STRIPE_*", "PAYPAL_ID"] })).token);
    expect(nameAllowed(p, "STRIPE_KEY")).toBe(true);
    expect(nameAllowed(p, "stripe_webhook")).toBe(true);
    expect(nameAllowed(p, "paypal_id")).toBe(true);
    expect(nameAllowed(p, "PAYPAL_ID2")).toBe(false);
    expect(() => requireName(p, "GITHUB_TOKEN")).toThrow(ForbiddenError);
    expect(() => requireName(p, "GITHUB_TOKEN")).toThrow(`token "${p.name}" may not use secret "GITHUB_TOKEN"`);
    const all = await authenticateToken((await newToken()).token);
    expect(nameAllowed(all, "ANYTHING")).toBe(true);
  });
});

describe("recordTokenUse", () => {
  it("tallies uses in memory and writes last use and reads in one statement", async () => {
    const a = await newToken();
    const b = await newToken();
    const pa = await authenticateToken(a.token);
    const pb = await authenticateToken(b.token);
    await flushTokenUse();
    const spy = vi.spyOn(pool(), "query");
    try {
      const before = new Date();
      for (let i = 0; i < 5; i++) recordTokenUse(pa, { read: true });
      recordTokenUse(pa, { read: false });
      recordTokenUse(pb, { read: false });
      expect(spy).not.toHaveBeenCalled();
      await flushTokenUse();
      expect(spy).toHaveBeenCalledTimes(1);
      const list = await listTokens();
      const ta = list.find((t) => t.id === a.info.id)!;
      const tb = list.find((t) => t.id === b.info.id)!;
      expect(ta.reads).toBe(5);
      expect(tb.reads).toBe(0);
      expect(ta.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 5);
      expect(tb.lastUsedAt).not.toBeNull();
    } finally {
      spy.mockRestore();
    }
    // Instances add their deltas.
    recordTokenUse(pa, { read: true });
    await flushTokenUse();
    expect((await listTokens()).find((t) => t.id === a.info.id)!.reads).toBe(6);
  });

  it("flushes by itself within about a second", async () => {
    const { token, info } = await newToken();
    recordTokenUse(await authenticateToken(token), { read: true });
    await expect.poll(async () => (await listTokens()).find((t) => t.id === info.id)!.reads, { timeout: 3000, interval: 100 }).toBe(1);
  });
});

describe("another instance revokes (this process hears notices)", () => {
  it("a change written behind the app's back reaches every cache within a second (the table's trigger notifies)", async () => {
    const { token, info } = await newToken();
    await authenticateToken(token);
    // No explicit notice: the trigger on api_tokens sends one; the changed row then fails its MAC.
    await elsewhere("update api_tokens set revoked_at = now(), revoked_by = 'elsewhere' where id = $1", [info.id]);
    const { ms, error } = await msUntilRefused(token);
    expect(ms).toBeLessThan(1000);
    expect(error).toBeInstanceOf(UnauthorizedError);
  });

  it("a \"*\" notice drops every entry", async () => {
    const { token, info } = await newToken();
    await authenticateToken(token);
    await elsewhere("update api_tokens set revoked_at = now(), revoked_by = 'elsewhere' where id = $1", [info.id], "tokens:*");
    const { ms } = await msUntilRefused(token);
    expect(ms).toBeLessThan(1000);
  });

  it("a token created elsewhere is accepted at once even after a failed attempt cached its lookup id as unknown", async () => {
    const made = await newToken();
    // Simulate the moment before it existed: this process saw its lookup id as unknown.
    await db().apiToken.update({ where: { id: made.info.id }, data: { lookupId: "0000000000000000" } });
    clearTokenCache();
    expect((await refusal(made.token)).message).toBe("Unknown or wrong API token");
    await elsewhere("update api_tokens set lookup_id = $2 where id = $1", [made.info.id, made.token.slice(4, 20)], `tokens:${made.info.id}`);
    await expect.poll(() => authenticateToken(made.token).then((p) => p.id, () => "refused"), { timeout: 1000, interval: 10 }).toBe(made.info.id);
  });
});
