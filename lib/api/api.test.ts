import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../audit";
import { resetConfig } from "../config";
import { db } from "../db/client";
import { countRows } from "../testing/db-dump";
import { openTestKeyring } from "../testing/keyring";
import { createToken, revokeToken } from "../tokens/service";
import { clearTokenCache, flushTokenUse } from "../tokens/authenticate";
import { flushReads, usageSummary } from "../secrets/usage";
import { createUser } from "../users/users";
import { openApiDocument } from "./openapi";
import { resetRateLimits, syncRateLimits } from "./rate-limit";
import { routes } from "./routes";
import { handleApi, limitKey, MAX_BODY_BYTES } from "./server";
import { ErrorResponse } from "./schemas";

/**
 * The REST API through its real handler on a real socket and database:
 * the Wix contract, every refusal (with nothing changed), alias
 * deprecation headers, usage per token, rate limits and the OpenAPI
 * document answering as documented.
 */
const admin: Actor = { id: "user:api-test@example.test", source: "test" };
let base = "";
let server: http.Server;
let rw = "";
let ro = "";
let stripeOnly = "";

type Answer = { status: number; body: Record<string, unknown>; headers: Headers };
async function call(method: string, path: string, opts: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? rw : opts.token;
  if (token !== null) headers.authorization = token;
  if (opts.body !== undefined || opts.raw !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(base + path, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

const code = (a: Answer) => (a.body as { details?: { applicationError?: { code?: string } } }).details?.applicationError?.code;
const uniq = (p: string) => `${p}_${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

async function unchanged(fn: () => Promise<Answer>, status: number, errorCode: string): Promise<Answer> {
  const before = await Promise.all([countRows("secrets"), countRows("secret_versions"), countRows("secret_names")]);
  const a = await fn();
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  expect(code(a)).toBe(errorCode);
  expect(ErrorResponse.safeParse(a.body).success).toBe(true);
  expect(JSON.stringify(a.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(await Promise.all([countRows("secrets"), countRows("secret_versions"), countRows("secret_names")])).toEqual(before);
  return a;
}

beforeAll(async () => {
  await openTestKeyring();
  await createUser(admin, { email: "owner@api.test", role: "owner", password: "correct horse battery staple" });
  rw = (await createToken(admin, { name: "backend-prod", scopes: ["secrets:read", "secrets:write"] })).token;
  ro = (await createToken(admin, { name: "reader", scopes: ["secrets:read"] })).token;
  stripeOnly = (await createToken(admin, { name: "stripe-only", scopes: ["secrets:read", "secrets:write"], namePatterns: ["STRIPE_*"] })).token;
  server = http.createServer((req, res) => void handleApi(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe("the Wix REST contract", () => {
  it("create → { id }, get → { value }, list → metadata, patch → {}, delete → {}", async () => {
    const name = uniq("WIX");
    const created = await call("POST", "/api/v1/secrets", { body: { secret: { name, value: "v1 ✓", description: "from the API" } } });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect(Object.keys(created.body)).toEqual(["id"]);

    const read = await call("GET", `/api/v1/secrets/name/${name}?name=${name}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ value: "v1 ✓" });
    expect(read.headers.get("cache-control")).toBe("no-store");
    expect(read.headers.get("deprecation")).toBeNull();

    const list = await call("GET", "/api/v1/secrets");
    const mine = (list.body.secrets as Record<string, unknown>[]).find((s) => s.id === id)!;
    expect(mine).toEqual({ id, name, description: "from the API", createdDate: expect.any(String), updatedDate: expect.any(String) });
    expect(new Date(mine.createdDate as string).toISOString()).toBe(mine.createdDate);
    expect(JSON.stringify(list.body)).not.toContain("v1 ✓");

    expect((await call("PATCH", `/api/v1/secrets/${id}`, { body: { id, secret: { value: "v2" } } })).body).toEqual({});
    expect((await call("GET", `/api/v1/secrets/name/${name.toLowerCase()}`)).body).toEqual({ value: "v2" });
    expect((await call("PATCH", `/api/v1/secrets/${id}`, { body: { secret: { description: "changed" } } })).status).toBe(200);

    expect((await call("DELETE", `/api/v1/secrets/${id}?id=${id}`)).body).toEqual({});
    await unchanged(() => call("GET", `/api/v1/secrets/name/${name}`), 404, "NOT_FOUND");
  });

  it("accepts `Authorization: Bearer <token>` as well as the bare token", async () => {
    expect((await call("GET", "/api/v1/secrets", { token: `Bearer ${rw}` })).status).toBe(200);
  });

  it("names with + = @ # $ travel URL-encoded", async () => {
    const name = `A+B=C@D#E$${Math.random().toString(36).slice(2, 6)}`;
    expect((await call("POST", "/api/v1/secrets", { body: { secret: { name, value: "odd" } } })).status).toBe(200);
    expect((await call("GET", `/api/v1/secrets/name/${encodeURIComponent(name)}`)).body).toEqual({ value: "odd" });
  });
});

describe("refusals: the right status, Wix's envelope, nothing changed", () => {
  it("400 names the field", async () => {
    const a = await unchanged(() => call("POST", "/api/v1/secrets", { body: { secret: { name: "has space", value: "x" } } }), 400, "INVALID_ARGUMENT");
    expect(a.body.message).toMatch(/^secret\.name: /);
    expect(a.body.details).toMatchObject({ validationError: { fieldViolations: [{ field: "secret.name" }] } });
    await unchanged(() => call("POST", "/api/v1/secrets", { body: { secret: { name: uniq("E"), value: "" } } }), 400, "INVALID_ARGUMENT");
    await unchanged(() => call("POST", "/api/v1/secrets", { body: { secret: { name: uniq("E"), value: "x", extra: 1 } } }), 400, "INVALID_ARGUMENT");
    await unchanged(() => call("POST", "/api/v1/secrets", { raw: "{not json" }), 400, "INVALID_ARGUMENT");
    await unchanged(() => call("POST", "/api/v1/secrets", { raw: "" }), 400, "INVALID_ARGUMENT");
    await unchanged(() => call("PATCH", "/api/v1/secrets/not-a-uuid", { body: { secret: {} } }), 400, "INVALID_ARGUMENT");
    await unchanged(() => call("GET", "/api/v1/secrets/name/%E0%A4%A"), 400, "INVALID_ARGUMENT");
  });

  it("PATCH refuses a body id that is not the path's", async () => {
    const name = uniq("IDS");
    const id = (await call("POST", "/api/v1/secrets", { body: { secret: { name, value: "x" } } })).body.id as string;
    const other = "00000000-0000-4000-8000-000000000000";
    const a = await unchanged(() => call("PATCH", `/api/v1/secrets/${id}`, { body: { id: other, secret: { value: "y" } } }), 400, "INVALID_ARGUMENT");
    expect(a.body.message).toMatch(/^id: /);
  });

  it("401 for a missing, malformed, unknown, expired or revoked token; the token is never echoed", async () => {
    const name = uniq("AUTH");
    const post = (token: string | null) => () => call("POST", "/api/v1/secrets", { token, body: { secret: { name, value: "x" } } });
    const missing = await unchanged(post(null), 401, "UNAUTHENTICATED");
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await unchanged(post("not-a-token"), 401, "UNAUTHENTICATED");
    const wrong = rw.slice(0, -4) + (rw.endsWith("AAAA") ? "BBBB" : "AAAA");
    const a = await unchanged(post(wrong), 401, "UNAUTHENTICATED");
    expect(JSON.stringify(a.body)).not.toContain(wrong);

    const { token: soon } = await createToken(admin, { name: uniq("expiring").toLowerCase(), scopes: ["secrets:write"], expiresInDays: 1 });
    await db().$executeRaw`update api_tokens set expires_at = now() - interval '1 second' where name = (select name from api_tokens order by created_at desc limit 1)`;
    clearTokenCache();
    await unchanged(post(soon), 401, "UNAUTHENTICATED");

    const revokedName = uniq("gone").toLowerCase();
    const { token: revoked } = await createToken(admin, { name: revokedName, scopes: ["secrets:write"] });
    expect((await call("GET", "/api/v1/secrets", { token: revoked })).status).toBe(403); // write-only token: no read scope
    await revokeToken(admin, revokedName);
    await unchanged(post(revoked), 401, "UNAUTHENTICATED");
  });

  it("403 for a missing scope or a secret outside the token's name patterns", async () => {
    await unchanged(() => call("POST", "/api/v1/secrets", { token: ro, body: { secret: { name: uniq("RO"), value: "x" } } }), 403, "PERMISSION_DENIED");
    const other = uniq("PAYPAL");
    const id = (await call("POST", "/api/v1/secrets", { body: { secret: { name: other, value: "x" } } })).body.id as string;
    await unchanged(() => call("GET", `/api/v1/secrets/name/${other}`, { token: stripeOnly }), 403, "PERMISSION_DENIED");
    await unchanged(() => call("POST", "/api/v1/secrets", { token: stripeOnly, body: { secret: { name: uniq("PAYPAL"), value: "x" } } }), 403, "PERMISSION_DENIED");
    // By id, a secret outside the token's names is no secret at all: same 404 as an unknown id, no name told.
    for (const a of [
      await unchanged(() => call("PATCH", `/api/v1/secrets/${id}`, { token: stripeOnly, body: { secret: { value: "y" } } }), 404, "NOT_FOUND"),
      await unchanged(() => call("DELETE", `/api/v1/secrets/${id}`, { token: stripeOnly }), 404, "NOT_FOUND"),
      await unchanged(() => call("GET", `/api/v1/secrets/${id}/versions`, { token: stripeOnly }), 404, "NOT_FOUND"),
      await unchanged(() => call("POST", `/api/v1/secrets/${id}/versions/1/restore`, { token: stripeOnly }), 404, "NOT_FOUND"),
    ]) {
      expect(a.body.message).toBe(`No secret with id ${id}`);
    }
    const stripe = uniq("STRIPE");
    const sid = (await call("POST", "/api/v1/secrets", { token: stripeOnly, body: { secret: { name: stripe, value: "s" } } })).body.id as string;
    // Renaming a secret it may use to a name it may not: refused.
    await unchanged(() => call("PATCH", `/api/v1/secrets/${sid}`, { token: stripeOnly, body: { secret: { name: uniq("PAYPAL") } } }), 403, "PERMISSION_DENIED");
    // Through an alias, what counts is the secret's own name from its MAC-checked row, not secrets.name (display only).
    const moved = uniq("STRIPE");
    const movedId = (await call("POST", "/api/v1/secrets", { body: { secret: { name: moved, value: "m" } } })).body.id as string;
    await call("PATCH", `/api/v1/secrets/${movedId}`, { body: { secret: { name: uniq("PAYMENTS") }, aliasDays: 7 } });
    await unchanged(() => call("GET", `/api/v1/secrets/name/${moved}`, { token: stripeOnly }), 403, "PERMISSION_DENIED");
    await db().$executeRaw`update secrets set name = ${moved}, name_key = ${moved.toLowerCase()} where id = ${movedId}::uuid`;
    await unchanged(() => call("GET", `/api/v1/secrets/name/${moved}`, { token: stripeOnly }), 403, "PERMISSION_DENIED");
    const listed = (await call("GET", "/api/v1/secrets", { token: stripeOnly })).body.secrets as { name: string }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((s) => s.name.startsWith("STRIPE_"))).toBe(true);
  });

  it("404 for an unknown id or name and an unknown route; 405 with Allow for a wrong method", async () => {
    await unchanged(() => call("PATCH", "/api/v1/secrets/00000000-0000-4000-8000-000000000000", { body: { secret: { value: "x" } } }), 404, "NOT_FOUND");
    await unchanged(() => call("DELETE", "/api/v1/secrets/00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
    await unchanged(() => call("GET", "/api/v1/nothing-here"), 404, "NOT_FOUND");
    const a = await unchanged(() => call("PUT", "/api/v1/secrets"), 405, "METHOD_NOT_ALLOWED");
    expect(a.headers.get("allow")).toBe("GET, POST");
  });

  it("409 for a name in use, in any letter case", async () => {
    const name = uniq("DUP");
    await call("POST", "/api/v1/secrets", { body: { secret: { name, value: "x" } } });
    const a = await unchanged(() => call("POST", "/api/v1/secrets", { body: { secret: { name: name.toLowerCase(), value: "y" } } }), 409, "ALREADY_EXISTS");
    expect(a.body.message).toContain(name.toLowerCase());
  });

  it("413 for a body over the limit", async () => {
    const big = "x".repeat(MAX_BODY_BYTES + 10);
    await unchanged(() => call("POST", "/api/v1/secrets", { body: { secret: { name: uniq("BIG"), value: big } } }), 413, "PAYLOAD_TOO_LARGE");
  });
});

describe("aliases and usage per caller", () => {
  it("a read through an old name carries Deprecation, Sunset and Link, and is counted apart", async () => {
    const oldName = uniq("OLD");
    const newName = uniq("NEW");
    const id = (await call("POST", "/api/v1/secrets", { body: { secret: { name: oldName, value: "aliased" } } })).body.id as string;
    expect((await call("PATCH", `/api/v1/secrets/${id}`, { body: { secret: { name: newName }, aliasDays: 7 } })).status).toBe(200);
    const viaOld = await call("GET", `/api/v1/secrets/name/${oldName}`);
    expect(viaOld.body).toEqual({ value: "aliased" });
    expect(viaOld.headers.get("deprecation")).toMatch(/^@\d+$/);
    const sunset = new Date(viaOld.headers.get("sunset")!);
    expect(sunset.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(viaOld.headers.get("link")).toBe(`</api/v1/secrets/name/${newName}>; rel="successor-version"`);
    const viaNew = await call("GET", `/api/v1/secrets/name/${newName}`);
    expect(viaNew.headers.get("deprecation")).toBeNull();
    await call("GET", `/api/v1/secrets/name/${newName}`, { token: ro });
    await flushReads();
    const usage = await usageSummary(id);
    expect(usage.callers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caller: "token:backend-prod", viaName: oldName.toLowerCase(), reads7d: 1 }),
        expect.objectContaining({ caller: "token:backend-prod", viaName: newName.toLowerCase(), reads7d: 1 }),
        expect.objectContaining({ caller: "token:reader", viaName: newName.toLowerCase(), reads7d: 1 }),
      ]),
    );
  });

  it("a rename without aliasDays frees the old name at once, as on Wix", async () => {
    const oldName = uniq("FREE");
    const id = (await call("POST", "/api/v1/secrets", { body: { secret: { name: oldName, value: "x" } } })).body.id as string;
    await call("PATCH", `/api/v1/secrets/${id}`, { body: { id, secret: { name: uniq("TAKEN") } } });
    expect((await call("GET", `/api/v1/secrets/name/${oldName}`)).status).toBe(404);
    expect((await call("POST", "/api/v1/secrets", { body: { secret: { name: oldName, value: "new one" } } })).status).toBe(200);
  });

  it("every value read writes an audit row naming the token; token use is recorded", async () => {
    const name = uniq("AUD");
    await call("POST", "/api/v1/secrets", { body: { secret: { name, value: "x" } } });
    await call("GET", `/api/v1/secrets/name/${name}`, { token: ro });
    const rows = await db().auditEvent.findMany({ where: { secretName: name, action: "secret.read" } });
    expect(rows).toMatchObject([{ actor: "token:reader", outcome: "allowed", source: "127.0.0.1" }]);
    await flushTokenUse();
    // A timer's flush may be on its way at the same moment.
    await expect
      .poll(async () => (await db().$queryRaw<{ last_used_at: Date | null }[]>`select last_used_at from api_tokens where name = 'reader'`)[0]!.last_used_at)
      .not.toBeNull();
  });
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, served without a token, and lists every route", async () => {
    const a = await call("GET", "/api/v1/openapi.json", { token: null });
    expect(a.status).toBe(200);
    expect(a.body.openapi).toBe("3.1.0");
    expect(a.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    const paths = a.body.paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it("every documented operation answers as documented", async () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const name = uniq("DOC");
    let id = "";
    // In an order where each operation has something to act on; every route must be here.
    const calls: [string, () => string, unknown?][] = [
      ["POST /secrets", () => "/secrets", { secret: { name, value: "doc" } }],
      ["GET /secrets", () => "/secrets"],
      ["GET /secrets/name/{name}", () => `/secrets/name/${name}`],
      ["PATCH /secrets/{id}", () => `/secrets/${id}`, { secret: { value: "doc 2" } }],
      ["GET /secrets/{id}/versions", () => `/secrets/${id}/versions`],
      ["POST /secrets/{id}/versions/{version}/restore", () => `/secrets/${id}/versions/1/restore`],
      ["POST /secrets/import", () => "/secrets/import", { secrets: [{ name: uniq("DOCIMP"), value: "i" }] }],
      ["DELETE /secrets/{id}", () => `/secrets/${id}`],
    ];
    expect(calls.map(([k]) => k).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const [key, url, body] of calls) {
      const [method, path] = key.split(" ") as [string, string];
      const op = doc.paths[path]![method.toLowerCase()]!;
      const route = routes.find((r) => r.method === method && r.path === path)!;
      const a = await call(method, `/api/v1${url()}`, { body });
      expect(a.status, `${key}: ${JSON.stringify(a.body)}`).toBe(200);
      expect(Object.keys(op.responses)).toContain("200");
      expect(route.response.safeParse(a.body).success, `${key}: ${JSON.stringify(a.body)}`).toBe(true);
      if (key === "POST /secrets") id = a.body.id as string;
      // And a documented refusal: without a token, 401 in the error schema.
      const refused = await call(method, `/api/v1${url()}`, { body, token: null });
      expect(Object.keys(op.responses)).toContain(String(refused.status));
      expect(ErrorResponse.safeParse(refused.body).success).toBe(true);
    }
  });
});

describe("import (all or nothing)", () => {
  it("one bad item changes nothing and names its index", async () => {
    const a = await unchanged(
      () => call("POST", "/api/v1/secrets/import", { body: { secrets: [{ name: uniq("IMP"), value: "ok" }, { name: "bad name", value: "x" }] } }),
      400,
      "INVALID_ARGUMENT",
    );
    expect(a.body.message).toMatch(/^secrets\.1\.name: /);
  });

  it("creates new names, skips existing ones unless overwrite, and dryRun writes nothing", async () => {
    const keep = uniq("KEEP");
    await call("POST", "/api/v1/secrets", { body: { secret: { name: keep, value: "old" } } });
    const fresh = uniq("FRESH");
    const before = await countRows("secret_versions");
    const plan = await call("POST", "/api/v1/secrets/import", { body: { secrets: [{ name: fresh, value: "1" }, { name: keep, value: "new" }], overwrite: true, dryRun: true } });
    expect(plan.body, JSON.stringify(plan.body)).toEqual({ created: [fresh], updated: [keep], skipped: [], dryRun: true });
    expect((await call("GET", `/api/v1/secrets/name/${fresh}`)).status).toBe(404);
    expect(await countRows("secret_versions")).toBe(before);
    const skip = await call("POST", "/api/v1/secrets/import", { body: { secrets: [{ name: fresh, value: "1" }, { name: keep, value: "new" }] } });
    expect(skip.body).toEqual({ created: [fresh], updated: [], skipped: [{ name: keep, reason: "exists" }], dryRun: false });
    expect((await call("GET", `/api/v1/secrets/name/${keep}`)).body).toEqual({ value: "old" });
    const over = await call("POST", "/api/v1/secrets/import", { body: { secrets: [{ name: fresh, value: "1" }, { name: keep, value: "new" }], overwrite: true } });
    expect(over.body).toEqual({ created: [], updated: [keep], skipped: [{ name: fresh, reason: "unchanged" }], dryRun: false });
    expect((await call("GET", `/api/v1/secrets/name/${keep}`)).body).toEqual({ value: "new" });
  });
});

describe("rate limits", () => {
  it("a token past its budget gets 429 with Retry-After; another token is unaffected", async () => {
    process.env.SECRETS_API_RATE_PER_TOKEN = "5";
    resetConfig();
    resetRateLimits();
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => call("GET", "/api/v1/secrets", { token: ro })));
      const limited = answers.filter((a) => a.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(6);
      expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(code(limited[0]!)).toBe("RATE_LIMITED");
      expect((await call("GET", "/api/v1/secrets", { token: rw })).status).toBe(200);
      await syncRateLimits();
      const shared = await db().$queryRaw<{ count: number }[]>`select count from api_rate_limits where key like 't:%' order by count desc limit 1`;
      expect(shared[0]!.count).toBeGreaterThanOrEqual(5);
    } finally {
      delete process.env.SECRETS_API_RATE_PER_TOKEN;
      resetConfig();
      resetRateLimits();
    }
  });

  it("an address that keeps sending bad tokens is refused before any token look-up", async () => {
    process.env.SECRETS_API_BAD_TOKENS_PER_ADDRESS = "3";
    resetConfig();
    resetRateLimits();
    try {
      const bad = `smk_${"0".repeat(16)}_${"A".repeat(43)}`;
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await call("GET", "/api/v1/secrets", { token: bad })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
      // A token this process already verified still works from that address; one it would have to look up does not.
      expect((await call("GET", "/api/v1/secrets", { token: ro })).status).toBe(200);
      const { token: fresh } = await createToken(admin, { name: uniq("fresh").toLowerCase(), scopes: ["secrets:read"] });
      const refused = await call("GET", "/api/v1/secrets", { token: fresh });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      delete process.env.SECRETS_API_BAD_TOKENS_PER_ADDRESS;
      resetConfig();
      resetRateLimits();
    }
  });
});

describe("limits that keep the API and the dashboard answering", () => {
  it("groups IPv6 clients by /64 and keeps IPv4 (and IPv4-mapped) addresses whole", () => {
    expect(limitKey("203.0.113.9")).toBe("203.0.113.9");
    expect(limitKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(limitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(limitKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(limitKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(limitKey("::1")).toBe("0:0:0:0::/64");
  });

  it("a flood of list requests (Prisma pool) gets answers or 503s, never a 500, and leaves the dashboard's pool usable", async () => {
    const answers = await Promise.all(Array.from({ length: 120 }, () => call("GET", "/api/v1/secrets")));
    const statuses = [...new Set(answers.map((a) => a.status))].sort();
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    const started = Date.now();
    await db().user.count();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refused value reads are audited as denied: a wrong token, a missing scope, a name outside the patterns", async () => {
    const name = uniq("DENY");
    await call("POST", "/api/v1/secrets", { body: { secret: { name, value: "x" } } });
    const { token: writeOnly } = await createToken(admin, { name: uniq("wo").toLowerCase(), scopes: ["secrets:write"] });
    const wrong = `smk_${"c".repeat(16)}_${"B".repeat(43)}`;
    expect((await call("GET", `/api/v1/secrets/name/${name}`, { token: wrong })).status).toBe(401);
    expect((await call("GET", `/api/v1/secrets/name/${name}`, { token: writeOnly })).status).toBe(403);
    expect((await call("GET", `/api/v1/secrets/name/${name}`, { token: stripeOnly })).status).toBe(403);
    // Not audited: no token at all (no write for anonymous noise).
    expect((await call("GET", `/api/v1/secrets/name/${name}`, { token: null })).status).toBe(401);
    await expect
      .poll(async () =>
        (await db().auditEvent.findMany({ where: { secretName: name, action: "secret.read", outcome: "denied" }, select: { actor: true, detail: true } }))
          .map((r) => `${r.actor.startsWith("token:wo") ? "token:wo" : r.actor} ${(r.detail as { error: string }).error}`)
          .sort(),
      )
      .toEqual(["token:invalid token", "token:stripe-only scope", "token:wo scope"]);
  });
});
