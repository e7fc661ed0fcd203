import http from "node:http";
import type net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  createClient,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  SecretsError,
  ServerError,
  ValidationError,
  type AliasWarning,
  type ClientOptions,
} from "./index";

/**
 * The SDK's protocol behaviour against a small local server that plays the
 * secrets API: requests on the wire, answers mapped to Wix's shapes, typed
 * errors, retries and back-off, the value cache, alias warnings, and that no
 * error ever carries the token or a value. (lib/sdk/install.test.ts runs it
 * against the real server from another project.)
 */
type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; at: number };
type Reply = { status?: number; body?: unknown; headers?: Record<string, string>; delayMs?: number; destroy?: boolean };
type Handler = (req: Seen, n: number) => Reply;

const TOKEN = "smk_test_0123456789abcdefSECRETTOKEN";
const VALUE = "sk_live_very-secret-value-4242";
let handler: Handler = () => ({ status: 500 });
let seen: Seen[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const request: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: performance.now() };
      seen.push(request);
      const reply = handler(request, seen.length);
      if (reply.destroy) return void req.socket.destroy();
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body === undefined ? "{}" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  seen = [];
  handler = () => ({ status: 500 });
});

const client = (options: Partial<ClientOptions> = {}) => createClient({ url: base, token: TOKEN, retryBaseDelayMs: 20, ...options });
const appError = (code: string, description: string, message = description) => ({ message, details: { applicationError: { code, description } } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything an error exposes, as a caller's logger would print it. */
function everything(error: unknown): string {
  const e = error as Error & Record<string, unknown>;
  return [String(e), e.stack, JSON.stringify(e), JSON.stringify(Object.entries(e)), String(e.cause), (e.cause as Error | undefined)?.stack].join("\n");
}

async function failure(p: Promise<unknown>): Promise<SecretsError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretsError);
  return error as SecretsError;
}

describe("the five functions on the wire, with wix-secrets-backend.v2's return shapes", () => {
  it("createSecret posts { secret } with the bearer token and resolves to the id string", async () => {
    handler = () => ({ body: { id: "a1b2" } });
    const id = await client().createSecret({ name: "STRIPE_KEY", value: VALUE, description: "Stripe" });
    expect(id).toBe("a1b2");
    const [req] = seen;
    expect(req).toMatchObject({ method: "POST", url: "/api/v1/secrets" });
    expect(req!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: "application/json", "content-type": "application/json" });
    expect(JSON.parse(req!.body)).toEqual({ secret: { name: "STRIPE_KEY", value: VALUE, description: "Stripe" } });
  });

  it("createSecret without a description leaves it out", async () => {
    handler = () => ({ body: { id: "x" } });
    await client().createSecret({ name: "N", value: "v" });
    expect(JSON.parse(seen[0]!.body)).toEqual({ secret: { name: "N", value: "v" } });
  });

  it("getSecretValue reads /secrets/name/{name} (URL-encoded) and resolves to { value }", async () => {
    handler = () => ({ body: { value: VALUE } });
    const result = await client().getSecretValue("A+B=C-D@E#F$G");
    expect(result).toEqual({ value: VALUE });
    expect(seen[0]).toMatchObject({ method: "GET", url: "/api/v1/secrets/name/A%2BB%3DC-D%40E%23F%24G", body: "" });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("listSecretInfo turns id/createdDate/updatedDate into _id/_createdDate/_updatedDate with Date objects", async () => {
    handler = () => ({
      body: {
        secrets: [
          { id: "i1", name: "ONE", description: "first", createdDate: "2026-01-02T03:04:05.000Z", updatedDate: "2026-02-03T04:05:06.000Z" },
          { id: "i2", name: "TWO", description: "", createdDate: "2026-01-01T00:00:00.000Z", updatedDate: "2026-01-01T00:00:00.000Z" },
        ],
      },
    });
    const result = await client().listSecretInfo();
    expect(result).toEqual({
      secrets: [
        { _id: "i1", name: "ONE", description: "first", _createdDate: new Date("2026-01-02T03:04:05.000Z"), _updatedDate: new Date("2026-02-03T04:05:06.000Z") },
        { _id: "i2", name: "TWO", description: "", _createdDate: new Date("2026-01-01T00:00:00.000Z"), _updatedDate: new Date("2026-01-01T00:00:00.000Z") },
      ],
    });
    expect(result.secrets[0]!._createdDate).toBeInstanceOf(Date);
    expect(Object.keys(result.secrets[0]!)).toEqual(["_id", "name", "description", "_createdDate", "_updatedDate"]);
    expect(seen[0]).toMatchObject({ method: "GET", url: "/api/v1/secrets" });
  });

  it("updateSecret patches { id, secret } with only the fields given and resolves to undefined", async () => {
    handler = () => ({ body: {} });
    expect(await client().updateSecret("i/1", { description: "new", name: undefined, value: null })).toBeUndefined();
    expect(seen[0]).toMatchObject({ method: "PATCH", url: "/api/v1/secrets/i%2F1" });
    expect(JSON.parse(seen[0]!.body)).toEqual({ id: "i/1", secret: { description: "new" } });
    await client().updateSecret("i1", { name: "RENAMED", value: VALUE, description: "" });
    expect(JSON.parse(seen[1]!.body)).toEqual({ id: "i1", secret: { name: "RENAMED", value: VALUE, description: "" } });
    // Beyond Wix: keep the old name answering for a while after a rename.
    await client().updateSecret("i1", { name: "RENAMED" }, { aliasDays: 7 });
    expect(JSON.parse(seen[2]!.body)).toEqual({ id: "i1", secret: { name: "RENAMED" }, aliasDays: 7 });
  });

  it("deleteSecret sends DELETE /secrets/{id} and resolves to undefined", async () => {
    handler = () => ({ body: {} });
    expect(await client().deleteSecret("i1")).toBeUndefined();
    expect(seen[0]).toMatchObject({ method: "DELETE", url: "/api/v1/secrets/i1", body: "" });
  });

  it("methods work detached from the client, as destructured imports do", async () => {
    handler = () => ({ body: { value: "v" } });
    const { getSecretValue } = client();
    expect(await getSecretValue("N")).toEqual({ value: "v" });
  });

  it("accepts the base URL with a trailing slash, with /api/v1, or under a path prefix", async () => {
    handler = () => ({ body: { value: "v" } });
    await createClient({ url: `${base}/`, token: TOKEN }).getSecretValue("N");
    await createClient({ url: `${base}/api/v1/`, token: TOKEN }).getSecretValue("N");
    await createClient({ url: `${base}/vault`, token: TOKEN }).getSecretValue("N");
    expect(seen.map((s) => s.url)).toEqual(["/api/v1/secrets/name/N", "/api/v1/secrets/name/N", "/vault/api/v1/secrets/name/N"]);
  });

  it("refuses an empty name or id before sending anything", async () => {
    const c = client();
    expect(await failure(c.getSecretValue(""))).toMatchObject({ name: "ValidationError", field: "name" });
    expect(await failure(c.deleteSecret(""))).toMatchObject({ name: "ValidationError", field: "_id" });
    expect(await failure(c.updateSecret(undefined as unknown as string, {}))).toBeInstanceOf(ValidationError);
    expect(seen).toEqual([]);
  });

  it("an answer that is not the documented shape is a ServerError, not garbage handed to the caller", async () => {
    handler = () => ({ body: "<html>proxy error</html>" });
    expect(await failure(client().getSecretValue("N"))).toMatchObject({ name: "ServerError", code: "UNEXPECTED_RESPONSE" });
    handler = () => ({ body: { secrets: [{ id: "x", name: "N", createdDate: "not a date", updatedDate: "x" }] } });
    expect(await failure(client().listSecretInfo())).toBeInstanceOf(ServerError);
  });
});

describe("typed errors from the Wix error envelope", () => {
  const cases: [number, Reply["body"], new (...args: never[]) => SecretsError, Record<string, unknown>][] = [
    [400, appError("INVALID_ARGUMENT", "description: at most 200 characters"), ValidationError, { field: "description", code: "INVALID_ARGUMENT" }],
    [400, { ...appError("INVALID_ARGUMENT", "secret.name: 1–50 characters"), details: { ...appError("INVALID_ARGUMENT", "x").details, validationError: { fieldViolations: [{ field: "secret.name", description: "1–50 characters" }] } } }, ValidationError, { field: "name" }],
    [400, { message: "bad", details: { validationError: { fieldViolations: [{ field: "aliasDays" }] } } }, ValidationError, { field: "aliasDays", code: "INVALID_ARGUMENT" }],
    [400, appError("INVALID_ARGUMENT", "Something: not a field we know"), ValidationError, { field: undefined }],
    [401, appError("UNAUTHENTICATED", "A valid API token is required"), AuthenticationError, { code: "UNAUTHENTICATED" }],
    [403, appError("PERMISSION_DENIED", "The token may not read this secret"), PermissionError, { code: "PERMISSION_DENIED" }],
    [404, appError("NOT_FOUND", 'No secret named "MISSING"'), NotFoundError, { code: "NOT_FOUND", message: 'No secret named "MISSING"' }],
    [409, appError("ALREADY_EXISTS", 'The name "TAKEN" is in use'), ConflictError, { code: "ALREADY_EXISTS" }],
    [413, appError("PAYLOAD_TOO_LARGE", "body: must be at most 512 KiB"), ValidationError, { field: "body", code: "PAYLOAD_TOO_LARGE" }],
    [413, "", ValidationError, { field: "value", code: "PAYLOAD_TOO_LARGE" }],
    [500, appError("INTERNAL", "Internal error; nothing was changed or returned. Try again."), ServerError, { code: "INTERNAL" }],
    [418, "not json", SecretsError, { code: "HTTP_418" }],
  ];
  for (const [status, body, type, fields] of cases) {
    it(`${status} ${JSON.stringify(body).slice(0, 60)} → ${type.name}`, async () => {
      handler = () => ({ status, body, headers: { "x-request-id": "req-42" } });
      const error = await failure(client().createSecret({ name: "TAKEN", value: VALUE }));
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ status, requestId: "req-42", name: type.name, ...fields });
      expect(seen).toHaveLength(1);
    });
  }

  it("a bare status without a body still gets a useful message and code", async () => {
    handler = () => ({ status: 401, body: "" });
    const error = await failure(client().listSecretInfo());
    expect(error).toMatchObject({ name: "AuthenticationError", code: "UNAUTHENTICATED", requestId: undefined });
    expect(error.message).toMatch(/token/);
  });

  it("429 is a RateLimitError with retryAfterSeconds", async () => {
    handler = () => ({ status: 429, body: appError("RATE_LIMITED", "Too many requests"), headers: { "retry-after": "120" } });
    const error = await failure(client().createSecret({ name: "N", value: "v" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBe(120);
  });

  it("never carries the token or the value, even when the server echoes them", async () => {
    const echo = `token ${TOKEN} value ${VALUE} Bearer ${TOKEN}`;
    handler = () => ({ status: 400, body: appError("INVALID_ARGUMENT", `value: ${echo}`, echo), headers: { "x-request-id": "r" } });
    for (const call of [() => client().createSecret({ name: "N", value: VALUE }), () => client().updateSecret("i1", { value: VALUE })]) {
      const text = everything(await failure(call()));
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(VALUE);
      expect(text).toContain("[redacted]");
    }
    // A read sends no value (it has none to hide); the token is still scrubbed.
    expect(everything(await failure(client().getSecretValue("N")))).not.toContain(TOKEN);
  });

  it("a token that fetch would quote in its own error is refused without echoing it", async () => {
    const bad = `${TOKEN}\r\nx-evil: 1`;
    let error: unknown;
    try {
      createClient({ url: base, token: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(everything(error)).not.toContain(TOKEN);
    expect((error as Error).message).toMatch(/^token /);
  });

  it("does not follow a redirect (the token would go along)", async () => {
    handler = () => ({ status: 302, headers: { location: "http://127.0.0.2:9/elsewhere" } });
    const error = await failure(client().getSecretValue("N"));
    expect(error.status).toBe(302);
    expect(seen).toHaveLength(1);
  });

  it("bad options name the option", () => {
    expect(() => createClient({ url: "", token: TOKEN })).toThrow(/^url is not set/);
    expect(() => createClient({ url: "ftp://x", token: TOKEN })).toThrow(/url must be an http or https URL/);
    expect(() => createClient({ url: "https://u:p@x", token: TOKEN })).toThrow(/credentials/);
    expect(() => createClient({ url: base, token: " " })).toThrow(/^token is not set/);
    expect(() => createClient({ url: base, token: TOKEN, retries: -1 })).toThrow(/retries/);
    expect(() => createClient({ url: base, token: TOKEN, cacheTtlMs: Number.NaN })).toThrow(/cacheTtlMs/);
  });

  it("plain http only to this machine, unless allowed: the token would cross the network in clear", () => {
    expect(() => createClient({ url: "http://secrets.internal:3000", token: TOKEN })).toThrow(
      "url is plain http to secrets.internal: the token would cross the network in clear. Use https, or set allowInsecureHttp: true to allow it",
    );
    expect(() => createClient({ url: "http://10.0.0.5", token: TOKEN })).toThrow(ConfigurationError);
    for (const url of ["http://localhost:3000", "http://127.0.0.1", "http://127.1.2.3:1", "http://[::1]:3000", "http://app.localhost", "https://secrets.internal"]) {
      expect(() => createClient({ url, token: TOKEN })).not.toThrow();
    }
    expect(() => createClient({ url: "http://secrets.internal:3000", token: TOKEN, allowInsecureHttp: true })).not.toThrow();
  });
});

describe("retries: reads back off and retry, writes never", () => {
  it("a read retries 503, 502 and 504 with growing, jittered delays, then succeeds", async () => {
    handler = (_req, n) => (n <= 3 ? { status: [503, 502, 504][n - 1] } : { body: { value: "v" } });
    expect(await client({ retryBaseDelayMs: 40 }).getSecretValue("N")).toEqual({ value: "v" });
    expect(seen).toHaveLength(4);
    const gaps = seen.slice(1).map((s, i) => s.at - seen[i]!.at);
    // Equal jitter: attempt k waits between base·2^k / 2 and base·2^k.
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[2]).toBeGreaterThanOrEqual(79);
    expect(gaps[2]).toBeLessThan(1000);
  });

  it("gives up after `retries` retries (default 3) with the last error", async () => {
    handler = () => ({ status: 503, body: appError("UNAVAILABLE", "Database unavailable") });
    expect(await failure(client().listSecretInfo())).toMatchObject({ name: "ServerError", status: 503 });
    expect(seen).toHaveLength(4);
    seen = [];
    expect(await failure(client({ retries: 0 }).listSecretInfo())).toBeInstanceOf(ServerError);
    expect(seen).toHaveLength(1);
  });

  it("honours Retry-After on 429", async () => {
    handler = (_req, n) => (n === 1 ? { status: 429, headers: { "retry-after": "1" } } : { body: { value: "v" } });
    expect(await client().getSecretValue("N")).toEqual({ value: "v" });
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it("a 503's Retry-After is waited for (within the cap) before the retry", async () => {
    handler = (_req, n) => (n === 1 ? { status: 503, headers: { "retry-after": "1" } } : { body: { value: "v" } });
    expect(await client().getSecretValue("N")).toEqual({ value: "v" });
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(990);
    seen = [];
    handler = (_req, n) => (n === 1 ? { status: 503, headers: { "retry-after": "3600" } } : { body: { value: "v" } });
    expect(await client({ maxRetryDelayMs: 100 }).getSecretValue("N")).toEqual({ value: "v" });
    expect(seen[1]!.at - seen[0]!.at).toBeLessThan(500);
  });

  it("a Retry-After beyond maxRetryDelayMs fails at once instead of hammering or hanging", async () => {
    handler = () => ({ status: 429, headers: { "retry-after": "3600" } });
    const started = performance.now();
    const error = await failure(client().getSecretValue("N"));
    expect(error).toMatchObject({ name: "RateLimitError", retryAfterSeconds: 3600 });
    expect(seen).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("retries a dropped connection (NetworkError) on reads", async () => {
    handler = (_req, n) => (n === 1 ? { destroy: true } : { body: { value: "v" } });
    expect(await client().getSecretValue("N")).toEqual({ value: "v" });
    expect(seen).toHaveLength(2);
  });

  it("a request past timeoutMs is a NetworkError with code timeout", async () => {
    handler = () => ({ delayMs: 500, body: { value: "v" } });
    const error = await failure(client({ timeoutMs: 50, retries: 1 }).getSecretValue("N"));
    expect(error).toMatchObject({ name: "NetworkError", code: "TIMEOUT", status: 0 });
    expect(seen).toHaveLength(2);
  });

  it("no server at all is a NetworkError naming the address, not the token", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(createClient({ url: `http://127.0.0.1:${port}`, token: TOKEN, retries: 1, retryBaseDelayMs: 5 }).getSecretValue("N"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it("writes are never retried: create, update and delete each send one request", async () => {
    handler = () => ({ status: 503 });
    const c = client();
    await failure(c.createSecret({ name: "N", value: "v" }));
    await failure(c.updateSecret("i1", { value: "v" }));
    await failure(c.deleteSecret("i1"));
    expect(seen.map((s) => s.method)).toEqual(["POST", "PATCH", "DELETE"]);
    seen = [];
    handler = () => ({ destroy: true });
    expect(await failure(c.createSecret({ name: "N", value: "v" }))).toBeInstanceOf(NetworkError);
    expect(seen).toHaveLength(1);
  });

  it("does not retry what a retry cannot fix (500, 404, 401)", async () => {
    for (const status of [500, 404, 401]) {
      seen = [];
      handler = () => ({ status });
      await failure(client().getSecretValue("N"));
      expect(seen).toHaveLength(1);
    }
  });
});

describe("the value cache (cacheTtlMs)", () => {
  const counting = () => {
    let version = 0;
    handler = (req) => {
      if (req.method !== "GET") {
        version++;
        return { body: req.method === "POST" ? { id: "new" } : {} };
      }
      return { body: { value: `${decodeURIComponent(req.url.split("/").pop()!)}@${version}` } };
    };
    return () => seen.filter((s) => s.method === "GET").length;
  };

  it("off by default: every read is a request", async () => {
    const reads = counting();
    const c = client();
    await c.getSecretValue("A");
    await c.getSecretValue("A");
    expect(reads()).toBe(2);
  });

  it("keeps a value per name for the TTL, then reads again", async () => {
    const reads = counting();
    const c = client({ cacheTtlMs: 150 });
    expect(await c.getSecretValue("A")).toEqual({ value: "A@0" });
    expect(await c.getSecretValue("A")).toEqual({ value: "A@0" });
    expect(await c.getSecretValue("B")).toEqual({ value: "B@0" });
    expect(reads()).toBe(2);
    await sleep(200);
    await c.getSecretValue("A");
    expect(reads()).toBe(3);
  });

  it("concurrent reads of one name share one request", async () => {
    counting();
    const slow = handler;
    handler = (req, n) => ({ ...slow(req, n), delayMs: 50 });
    const c = client({ cacheTtlMs: 10_000 });
    const results = await Promise.all(Array.from({ length: 10 }, () => c.getSecretValue("A")));
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ value: "A@0" })));
    expect(seen).toHaveLength(1);
    results[0]!.value = "mutated by a caller";
    expect(await c.getSecretValue("A")).toEqual({ value: "A@0" });
  });

  it("writes through the client drop what they may have changed", async () => {
    const reads = counting();
    const c = client({ cacheTtlMs: 10_000 });
    await c.getSecretValue("A");
    await c.updateSecret("i1", { value: "new" });
    expect(await c.getSecretValue("A")).toEqual({ value: "A@1" });
    await c.deleteSecret("i1");
    expect(await c.getSecretValue("A")).toEqual({ value: "A@2" });
    await c.getSecretValue("B");
    await c.createSecret({ name: "b", value: "x" }); // names are unique regardless of case
    expect(await c.getSecretValue("B")).toEqual({ value: "B@3" });
    expect(await c.getSecretValue("A")).toEqual({ value: "A@2" }); // another name stays cached
    expect(reads()).toBe(5);
  });

  it("a read in flight while a write lands is not kept", async () => {
    counting();
    const inner = handler;
    handler = (req, n) => ({ ...inner(req, n), delayMs: req.method === "GET" ? 80 : 0 });
    const c = client({ cacheTtlMs: 10_000 });
    const before = c.getSecretValue("A");
    await sleep(20);
    await c.updateSecret("i1", { value: "new" });
    expect(await before).toEqual({ value: "A@0" }); // the server read before the write
    expect(await c.getSecretValue("A")).toEqual({ value: "A@1" });
  });

  it("failures are not cached", async () => {
    handler = (_req, n) => (n === 1 ? { status: 404, body: appError("NOT_FOUND", "No such secret") } : { body: { value: "v" } });
    const c = client({ cacheTtlMs: 10_000 });
    await failure(c.getSecretValue("A"));
    expect(await c.getSecretValue("A")).toEqual({ value: "v" });
  });
});

describe("reads through an alias", () => {
  const SUNSET = "Fri, 01 Jan 2027 00:00:00 GMT";
  const aliasHandler: Handler = () => ({
    body: { value: VALUE },
    headers: {
      deprecation: "@1767225600",
      sunset: SUNSET,
      link: `<${base}/api/v1/secrets/name/NEW%2BNAME>; rel="successor-version"`,
    },
  });

  it("warn once per name per client, naming old and new name and the sunset, never the value", async () => {
    handler = aliasHandler;
    const warnings: AliasWarning[] = [];
    const c = client({ onWarning: (w) => warnings.push(w) });
    expect(await c.getSecretValue("OLD_NAME")).toEqual({ value: VALUE });
    await c.getSecretValue("OLD_NAME");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ alias: "OLD_NAME", successor: "NEW+NAME", sunset: new Date(SUNSET) });
    expect(warnings[0]!.message).toBe('Secret "OLD_NAME" was renamed to "NEW+NAME"; the old name stops working at 2027-01-01T00:00:00.000Z. Read "NEW+NAME" instead.');
    await c.getSecretValue("OTHER_OLD");
    expect(warnings.map((w) => w.alias)).toEqual(["OLD_NAME", "OTHER_OLD"]);
    const other: AliasWarning[] = [];
    await client({ onWarning: (w) => other.push(w) }).getSecretValue("OLD_NAME");
    expect(other).toHaveLength(1);
    expect(JSON.stringify([warnings, other])).not.toContain(VALUE);
  });

  it("a normal read warns nothing", async () => {
    handler = () => ({ body: { value: "v" } });
    const warnings: AliasWarning[] = [];
    await client({ onWarning: (w) => warnings.push(w) }).getSecretValue("N");
    expect(warnings).toEqual([]);
  });

  it("by default the warning goes to process.emitWarning", async () => {
    handler = aliasHandler;
    const emitted: Error[] = [];
    const listen = (w: Error) => emitted.push(w);
    process.on("warning", listen);
    try {
      const c = client();
      await c.getSecretValue("OLD_NAME");
      await c.getSecretValue("OLD_NAME");
      await sleep(10); // warnings are emitted on the next tick
    } finally {
      process.off("warning", listen);
    }
    const ours = emitted.filter((w) => w.name === "SecretsAliasWarning");
    expect(ours).toHaveLength(1);
    expect(ours[0]!.message).toContain('"OLD_NAME" was renamed to "NEW+NAME"');
    expect(ours[0]!.message).not.toContain(VALUE);
  });
});

describe("the default `secrets` client, configured by the environment", () => {
  const saved = { url: process.env.SECRETS_URL, token: process.env.SECRETS_TOKEN };
  afterAll(() => {
    process.env.SECRETS_URL = saved.url;
    process.env.SECRETS_TOKEN = saved.token;
    if (saved.url === undefined) delete process.env.SECRETS_URL;
    if (saved.token === undefined) delete process.env.SECRETS_TOKEN;
  });

  it("is created on first use; a missing variable is named, and fixing it works without a restart", async () => {
    const { secrets } = await import("./index");
    delete process.env.SECRETS_URL;
    delete process.env.SECRETS_TOKEN;
    const noUrl = await failure(secrets.getSecretValue("N"));
    expect(noUrl).toBeInstanceOf(ConfigurationError);
    expect(noUrl.message).toMatch(/^SECRETS_URL is not set/);
    process.env.SECRETS_URL = base;
    expect((await failure(secrets.listSecretInfo())).message).toMatch(/^SECRETS_TOKEN is not set/);
    process.env.SECRETS_TOKEN = TOKEN;
    process.env.SECRETS_URL = "http://secrets.internal:3000";
    expect((await failure(secrets.listSecretInfo())).message).toMatch(/plain http to secrets.internal.*SECRETS_ALLOW_HTTP=1/);
    process.env.SECRETS_URL = base;
    process.env.SECRETS_TOKEN = `${TOKEN}\n`; // as $(cat token-file) leaves it
    handler = () => ({ body: { value: "from env" } });
    const { getSecretValue } = secrets;
    expect(await getSecretValue("N")).toEqual({ value: "from env" });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen).toHaveLength(1);
  });
});
