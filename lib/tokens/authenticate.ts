import "server-only";
import crypto from "node:crypto";
import { isListening, onChange } from "../db/notify";
import { pool } from "../db/pool";
import { keyring } from "../keys";
import { tokenIsAuthentic } from "./integrity";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { hashToken, lookupIdOf } from "./format";
import { matchesAny } from "./patterns";
import type { Scope } from "./schemas";

export type { Scope } from "./schemas";

/**
 * Token authentication for the REST API, on every request, so it must be
 * fast: a well-formed token whose row is cached costs one SHA-256 and a
 * constant-time comparison, no database round trip.
 *
 * The cache (rows by lookup id) is coherent across instances through
 * PostgreSQL LISTEN/NOTIFY (lib/db/notify.ts): creating or revoking a token
 * sends "tokens:<id>" with its commit, and every process drops that entry.
 * While this process is not hearing notices (starting, reconnecting), an
 * entry is trusted for less than a second. Either way a token revoked through
 * one instance is refused by every other within a second. Expiry is checked
 * on every call against the cached expiry.
 */
export type TokenPrincipal = {
  id: string;
  name: string;
  scopes: Scope[];
  namePatterns: string[];
  /** "token:<name>": the audit log's actor and the read counters' caller. */
  caller: string;
};

type Entry = {
  principal: TokenPrincipal;
  hash: Buffer;
  expiresAt: number | null;
  revokedAt: Date | null;
  cachedAt: number;
};

/**
 * How long an entry (or a known-unknown lookup id) is trusted while no
 * notices are heard: under a second, so that with the look-up that follows
 * a revocation is still refused within one.
 */
const UNHEARD_TTL_MS = 900;
const NEGATIVE_MAX = 10_000;
/** Even while notices are heard, an entry is re-read after this long (a change no notice announced still lands). */
const MAX_AGE_MS = 30_000;

const fresh = (cachedAt: number, now = Date.now()) => now - cachedAt < (isListening() ? MAX_AGE_MS : UNHEARD_TTL_MS);

const cache = new Map<string, Entry>();
/** Lookup ids that matched no row, briefly: a flood of one bad token does not query each time. */
const unknown = new Map<string, number>();
const inflight = new Map<string, Promise<Entry | undefined>>();
/** Bumped by every invalidation: a look-up that started before one must not cache what it read. */
let generation = 0;
let subscribed = false;

const MISSING = "Missing API token: send it in the Authorization header (Authorization: smk_… or Authorization: Bearer smk_…)";
const MALFORMED = "Malformed API token: expected smk_<id>_<secret> in the Authorization header";
const WRONG = "Unknown or wrong API token";

/** Accepts "Authorization: <token>" (what the Wix client sends) and "Bearer <token>". */
export async function authenticateToken(authorization: string | undefined): Promise<TokenPrincipal> {
  const token = tokenFrom(authorization);
  const lookupId = lookupIdOf(token);
  if (!lookupId) throw new UnauthorizedError(MALFORMED);
  const entry = await entryFor(lookupId);
  // The hash is checked before anything about the row is said: the lookup id alone is public.
  if (!entry || !crypto.timingSafeEqual(hashToken(token), entry.hash)) throw new UnauthorizedError(WRONG);
  const name = entry.principal.name;
  if (entry.revokedAt) throw new UnauthorizedError(`API token "${name}" was revoked on ${entry.revokedAt.toISOString()}`);
  if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
    throw new UnauthorizedError(`API token "${name}" expired on ${new Date(entry.expiresAt).toISOString()}`);
  }
  return entry.principal;
}

/** Whether the header holds a token of the right shape (one that a look-up would have to judge). */
export function wellFormedToken(authorization: string | undefined): boolean {
  try {
    return lookupIdOf(tokenFrom(authorization)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * The token's principal if this process already verified it and may still
 * trust that (no database query at all), else undefined. The API uses it to
 * keep serving known-good tokens from an address that is over its budget of
 * failed token checks, while refusing everything that would need a look-up.
 */
export function cachedPrincipal(authorization: string | undefined): TokenPrincipal | undefined {
  let token: string;
  try {
    token = tokenFrom(authorization);
  } catch {
    return undefined;
  }
  const lookupId = lookupIdOf(token);
  const entry = lookupId ? cache.get(lookupId) : undefined;
  if (!entry || !fresh(entry.cachedAt)) return undefined;
  if (!crypto.timingSafeEqual(hashToken(token), entry.hash) || entry.revokedAt) return undefined;
  if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) return undefined;
  return entry.principal;
}

function tokenFrom(authorization: string | undefined): string {
  const header = (authorization ?? "").trim();
  if (!header) throw new UnauthorizedError(MISSING);
  const bearer = /^bearer(?:\s+|$)/i.exec(header);
  const token = bearer ? header.slice(bearer[0].length).trim() : header;
  if (!token) throw new UnauthorizedError(MISSING);
  return token;
}

export function requireScope(p: TokenPrincipal, scope: Scope): void {
  if (!p.scopes.includes(scope)) throw new ForbiddenError(`API token "${p.name}" lacks the scope ${scope}, which this request needs`);
}

/** Glob patterns with `*`, case-insensitive; no patterns: every secret. */
export function nameAllowed(p: TokenPrincipal, secretName: string): boolean {
  return matchesAny(p.namePatterns, secretName);
}

export function requireName(p: TokenPrincipal, secretName: string): void {
  if (!nameAllowed(p, secretName)) throw new ForbiddenError(`token "${p.name}" may not use secret "${secretName}"`);
}

// --- the cache -------------------------------------------------------------

async function entryFor(lookupId: string): Promise<Entry | undefined> {
  subscribe();
  const now = Date.now();
  const hit = cache.get(lookupId);
  if (hit && fresh(hit.cachedAt, now)) return hit;
  const missAt = unknown.get(lookupId);
  if (missAt !== undefined && now - missAt < UNHEARD_TTL_MS) return undefined;
  // Concurrent requests with one token share one query.
  let pending = inflight.get(lookupId);
  if (!pending) {
    const started: Promise<Entry | undefined> = load(lookupId).finally(() => {
      if (inflight.get(lookupId) === started) inflight.delete(lookupId);
    });
    inflight.set(lookupId, (pending = started));
  }
  return pending;
}

async function load(lookupId: string): Promise<Entry | undefined> {
  const startedAt = generation;
  const { rows } = await pool().query<{
    id: string;
    name: string;
    token_hash: Buffer;
    scopes: string[];
    name_patterns: string[];
    expires_at: Date | null;
    revoked_at: Date | null;
    mac: Buffer | null;
  }>({
    name: "api-token-by-lookup-id-v2",
    text: "select id, name, token_hash, scopes, name_patterns, expires_at, revoked_at, mac from api_tokens where lookup_id = $1",
    values: [lookupId],
  });
  let row = rows[0];
  // A row written or changed outside the app (lib/tokens/integrity.ts) grants nothing.
  if (row) {
    const { integrityKey } = await keyring();
    const grant = {
      id: row.id,
      name: row.name,
      lookupId,
      tokenHash: row.token_hash,
      scopes: row.scopes,
      namePatterns: row.name_patterns,
      expiresAt: row.expires_at,
      revoked: row.revoked_at !== null,
    };
    if (!tokenIsAuthentic(integrityKey, grant, row.mac)) {
      console.error(`tokens: the row of API token id ${row.id} failed its integrity check (changed outside this app); refused`);
      row = undefined;
    }
  }
  // Cached only if no invalidation arrived meanwhile: the row read may predate it.
  const keep = startedAt === generation;
  if (!row) {
    if (keep) {
      if (unknown.size >= NEGATIVE_MAX) unknown.clear();
      unknown.set(lookupId, Date.now());
    }
    return undefined;
  }
  const entry: Entry = {
    principal: Object.freeze({
      id: row.id,
      name: row.name,
      scopes: Object.freeze([...row.scopes]) as Scope[],
      namePatterns: Object.freeze([...row.name_patterns]) as string[],
      caller: `token:${row.name}`,
    }),
    hash: Buffer.from(row.token_hash),
    expiresAt: row.expires_at?.getTime() ?? null,
    revokedAt: row.revoked_at,
    cachedAt: Date.now(),
  };
  if (keep) cache.set(lookupId, entry);
  return entry;
}

function subscribe() {
  if (subscribed) return;
  subscribed = true;
  onChange("tokens", (payload) => (payload === "*" ? clearTokenCache() : forgetToken(payload)));
}

/** Drops one token (by id) from this process's cache; the service calls it after a revoke, notices do for other processes. */
export function forgetToken(id: string): void {
  generation++;
  // Requests from now on must not join a look-up that may have read the row before the change.
  inflight.clear();
  // A new token's id is in no entry yet, but its lookup id may sit in the negative cache.
  unknown.clear();
  for (const [lookupId, e] of cache) if (e.principal.id === id) cache.delete(lookupId);
}

/** Everything may be stale: a missed notice, a reconnect, or a test. */
export function clearTokenCache(): void {
  generation++;
  inflight.clear();
  cache.clear();
  unknown.clear();
}

// --- last use and reads ----------------------------------------------------

type Use = { reads: number; lastUsedAt: Date };
const FLUSH_MS = 1000;
let pendingUse = new Map<string, Use>();
let timer: NodeJS.Timeout | undefined;

/**
 * Tallies a use in memory; a timer writes every token's last use and reads
 * in one statement at most once a second (as lib/secrets/usage.ts does for
 * secrets), so the request path pays no round trip or row lock. Instances
 * add their own deltas.
 */
export function recordTokenUse(p: TokenPrincipal, opts: { read: boolean }): void {
  const now = new Date();
  const use = pendingUse.get(p.id);
  if (use) {
    use.reads += opts.read ? 1 : 0;
    use.lastUsedAt = now;
  } else {
    pendingUse.set(p.id, { reads: opts.read ? 1 : 0, lastUsedAt: now });
  }
  timer ??= setTimeout(() => void flushTokenUse().catch(() => {}), FLUSH_MS).unref();
}

/** Writes pending tallies; called by the timer, at shutdown and by tests. */
export async function flushTokenUse(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  if (pendingUse.size === 0) return;
  const batch = [...pendingUse];
  pendingUse = new Map();
  try {
    await pool().query(
      `update api_tokens t
         set reads = t.reads + u.reads,
             last_used_at = greatest(t.last_used_at, u.last_used_at)
       from unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) as u(id, reads, last_used_at)
       where t.id = u.id`,
      [batch.map(([id]) => id), batch.map(([, u]) => u.reads), batch.map(([, u]) => u.lastUsedAt)],
    );
  } catch (err) {
    // Keep the tallies for the next attempt rather than lose them.
    for (const [id, u] of batch) {
      const cur = pendingUse.get(id);
      if (cur) {
        cur.reads += u.reads;
        if (u.lastUsedAt > cur.lastUsedAt) cur.lastUsedAt = u.lastUsedAt;
      } else pendingUse.set(id, u);
    }
    timer ??= setTimeout(() => void flushTokenUse().catch(() => {}), FLUSH_MS).unref();
    throw err;
  }
}
