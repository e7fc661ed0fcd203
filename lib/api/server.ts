import "server-only";
import crypto from "node:crypto";
import type http from "node:http";
import { config } from "../config";
import { pool, poolWaiting } from "../db/pool";
import { AppError, ForbiddenError, PayloadTooLargeError, TooManyRequestsError, UnauthorizedError, UnavailableError, ValidationError } from "../errors";
import { authenticateToken, cachedPrincipal, flushTokenUse, requireScope, wellFormedToken, type TokenPrincipal } from "../tokens/authenticate";
import { parse } from "../validation";
import { envelope, errorAnswer } from "./errors";
import { count, exhausted, syncRateLimits, take } from "./rate-limit";
import { API_BASE, matchRoute } from "./routes";

/**
 * The REST API (/api/v1), answered by the custom server (lib/server/serve.ts)
 * before Next.js's request pipeline, which would cost several times more per
 * request than the read itself. Per request, in this order: rate limit per
 * client address, the failed-token budget of that address, pool back-pressure,
 * the token, the token's own rate limit, path parameters, the JSON body, then
 * the route's service call. All answers are JSON with Cache-Control: no-store;
 * errors use Wix's envelope (lib/api/errors.ts).
 */
export const MAX_BODY_BYTES = 512 * 1024;

/**
 * Routes other than the hot read run on the dashboard's Prisma pool (writes,
 * lists, versions). At most half of that pool serves API requests at once,
 * and a bounded queue waits for it; past that, 503 with Retry-After. A flood
 * of list or write requests can slow the API but never takes the
 * connections the dashboard needs, and never ends in pool time-outs (500s).
 */
class Gate {
  #running = 0;
  #queue: (() => void)[] = [];
  constructor(
    readonly limit: () => number,
    readonly maxWaiting: number,
  ) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit()) {
      if (this.#queue.length >= this.maxWaiting) throw new UnavailableError("The server is busy; try again in a moment");
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    }
    this.#running++;
    try {
      return await fn();
    } finally {
      this.#running--;
      this.#queue.shift()?.();
    }
  }
}
const prismaGate = new Gate(() => Math.max(1, Math.floor(config().dbPoolMax / 2)), 64);
/** Requests allowed to wait for a pool connection before new ones get a 503. */
const MAX_WAITING = 256;

export const isApiPath = (url: string | undefined) =>
  url !== undefined && url.startsWith(API_BASE) && (url.length === API_BASE.length || url[API_BASE.length] === "/" || url[API_BASE.length] === "?");

export async function handleApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-request-id": crypto.randomBytes(8).toString("hex"),
  };
  try {
    const { status, body } = await answer(req, headers);
    send(res, status, body, headers);
  } catch (err) {
    if (!(err instanceof AppError)) console.error(`api: ${req.method} failed (${err instanceof Error ? err.name : "error"})`);
    const a = errorAnswer(err);
    if (a.status === 413) headers.connection = "close";
    send(res, a.status, a.body, { ...headers, ...a.headers });
    // A body we did not read must not be taken for the next request on this connection.
    if (!req.complete) req.resume();
  }
}

async function answer(req: http.IncomingMessage, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? "/", "http://api.invalid");
  const method = req.method ?? "GET";
  const limits = config().rateLimits;
  const client = clientAddress(req);
  const address = limitKey(client);
  if (url.pathname === `${API_BASE}/openapi.json` && method !== "GET") {
    headers.allow = "GET";
    return { status: 405, body: envelope(405, "METHOD_NOT_ALLOWED", "Use GET on this path").body };
  }
  if (url.pathname === `${API_BASE}/openapi.json`) {
    take(`a:${address}`, limits.perAddress, 1, "Too many requests from this address");
    const { openApiDocument } = await import("./openapi");
    headers["cache-control"] = "no-cache";
    return { status: 200, body: openApiDocument() };
  }
  const match = matchRoute(method, url.pathname);
  if (match === null) return notFound(url.pathname);
  if (!("route" in match)) {
    headers.allow = match.allowed.join(", ");
    return { status: 405, body: envelope(405, "METHOD_NOT_ALLOWED", `Use ${match.allowed.join(" or ")} on this path`).body };
  }
  take(`a:${address}`, limits.perAddress, 1, "Too many requests from this address");
  if (poolWaiting() > MAX_WAITING) throw new UnavailableError("The server is busy; try again in a moment");
  let principal: TokenPrincipal | undefined;
  try {
    // Past its budget of failed token checks, an address keeps only the tokens this process already verified: nothing it sends reaches the database.
    const wait = exhausted(`b:${address}`, limits.badTokensPerAddress, 60);
    principal = wait ? cachedPrincipal(req.headers.authorization) : undefined;
    if (wait && !principal) throw new TooManyRequestsError("Too many requests with a bad token from this address; try again later", wait);
    try {
      principal ??= await authenticateToken(req.headers.authorization);
    } catch (err) {
      // Only a well-formed token that failed costs budget: a missing or malformed one never reached the database.
      if (err instanceof UnauthorizedError && wellFormedToken(req.headers.authorization)) count(`b:${address}`, 60);
      throw err;
    }
    const { route } = match;
    take(`t:${principal.id}`, limits.perToken, 1, `Too many requests for token "${principal.name}"`);
    requireScope(principal, route.scope);
    const params = route.params ? parse(route.params, match.params, "path") : {};
    const body = route.body ? parse(route.body, await readJson(req), "body") : undefined;
    const run = () =>
      route.run({
        principal: principal!,
        actor: { id: principal!.caller, source: client },
        params,
        body,
        header: (name, value) => void (headers[name] = value),
      });
    const result = route.hot ? await run() : await prismaGate.run(run);
    return { status: 200, body: result };
  } catch (err) {
    // A refused value read is audited too (who tried, which name, why) — unless the service already recorded it.
    if (match.route.operationId === "getSecretValue") auditRefusedRead(err, principal, match.params.name, client, req.headers.authorization);
    throw err;
  }
}

function auditRefusedRead(err: unknown, principal: TokenPrincipal | undefined, name: string | undefined, address: string, authorization: string | undefined) {
  const refused = err instanceof ForbiddenError || (err instanceof UnauthorizedError && wellFormedToken(authorization));
  if (!refused || (err as { audited?: boolean }).audited) return;
  // Well-formed failed tokens are capped by the address's budget, refused scopes by the token's rate limit: bounded writes.
  void pool()
    .query("insert into audit_events (actor, source, action, outcome, secret_name, detail) values ($1, $2, 'secret.read', 'denied', $3, $4)", [
      principal?.caller ?? "token:invalid",
      address,
      (name ?? "").slice(0, 100),
      JSON.stringify({ error: err instanceof UnauthorizedError ? "token" : "scope" }),
    ])
    .catch(() => {});
}

function notFound(pathname: string) {
  const shown = pathname.length > 100 ? `${pathname.slice(0, 100)}…` : pathname;
  return { status: 404, body: envelope(404, "NOT_FOUND", `No API route ${shown}; see ${API_BASE}/openapi.json`).body };
}

/** The JSON body, at most MAX_BODY_BYTES; a clear 400 or 413 otherwise. */
async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLargeError(`body: must be at most ${MAX_BODY_BYTES / 1024} KiB`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError(`body: must be at most ${MAX_BODY_BYTES / 1024} KiB`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new ValidationError("body", "is required (a JSON object)");
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("body", "is not valid JSON");
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>) {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Set by the custom server from the socket (or the trusted proxy's header); a client cannot forge it. */
function clientAddress(req: http.IncomingMessage): string {
  const set = req.headers["x-secrets-client-ip"];
  return typeof set === "string" && set ? set : (req.socket.remoteAddress ?? "unknown");
}

/**
 * The rate-limit key of a client address: IPv6 clients are grouped by /64
 * (one host usually holds a whole /64, so per-address limits would be
 * per-request limits); IPv4 and IPv4-mapped addresses stay whole.
 */
export function limitKey(address: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => (g || "0").toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** Writes what is counted in memory (token use, rate-limit counts); at shutdown. */
export async function stopApi(): Promise<void> {
  await Promise.allSettled([flushTokenUse(), syncRateLimits()]);
}
