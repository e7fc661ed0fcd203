import "server-only";
import crypto from "node:crypto";
import { keyring } from "../keys";
import { tokenMac } from "./integrity";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import { db, type Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { notifyChange } from "../db/notify";
import { AppError, ConflictError, NotFoundError, UnavailableError } from "../errors";
import { isUniqueViolation } from "../secrets/db-errors";
import { forgetToken } from "./authenticate";
import { generateToken, tokenPrefix } from "./format";
import { describePatterns } from "./patterns";
import { createTokenInput, expiryFrom, parse, type CreateTokenInput, type Scope } from "./schemas";

/**
 * API tokens: the only code that writes api_tokens rows. Entry points (the
 * dashboard's actions, the CLI) authorize the caller and pass an Actor;
 * creating and revoking write their audit event and a cache-invalidation
 * notice (lib/db/notify.ts) in the same transaction. The token itself is
 * returned once by createToken and never stored, logged or audited.
 */

export type TokenStatus = "active" | "expired" | "revoked";

export type TokenInfo = {
  id: string;
  name: string;
  /** The public part, to recognise a token: "smk_0123456789abcdef_…". */
  prefix: string;
  scopes: Scope[];
  /** Empty: every secret. */
  namePatterns: string[];
  createdAt: Date;
  createdBy: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  /** Values read with it (all instances, flushed once a second). */
  reads: number;
  status: TokenStatus;
  revokedAt: Date | null;
  revokedBy: string | null;
};

const infoSelect = {
  id: true,
  name: true,
  lookupId: true,
  scopes: true,
  namePatterns: true,
  createdAt: true,
  createdBy: true,
  expiresAt: true,
  lastUsedAt: true,
  reads: true,
  revokedAt: true,
  revokedBy: true,
} as const;

type InfoRow = {
  id: string;
  name: string;
  lookupId: string;
  scopes: string[];
  namePatterns: string[];
  createdAt: Date;
  createdBy: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  reads: bigint;
  revokedAt: Date | null;
  revokedBy: string | null;
};

export function tokenStatus(t: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): TokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

function toInfo(r: InfoRow, now = new Date()): TokenInfo {
  return {
    id: r.id,
    name: r.name,
    prefix: tokenPrefix(r.lookupId),
    scopes: r.scopes as Scope[],
    namePatterns: r.namePatterns,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    expiresAt: r.expiresAt,
    lastUsedAt: r.lastUsedAt,
    reads: Number(r.reads),
    status: tokenStatus(r, now),
    revokedAt: r.revokedAt,
    revokedBy: r.revokedBy,
  };
}

/**
 * Creates a token and returns it, the only time it exists in the clear.
 * A name is taken forever (revoked tokens keep theirs, for the audit
 * trail): reusing one, in any letter case, is a conflict.
 */
export async function createToken(actor: Actor, input: CreateTokenInput): Promise<{ token: string; info: TokenInfo }> {
  const { name, scopes, expiresInDays, namePatterns = [] } = parse(createTokenInput, input);
  const { token, lookupId, hash } = generateToken();
  const id = crypto.randomUUID();
  const expiresAt = expiresInDays == null ? null : expiryFrom(expiresInDays);
  const { integrityKey } = await keyring();
  const tokenHash = new Uint8Array(hash);
  const sealed = tokenMac(integrityKey, { id, name, lookupId, tokenHash, scopes, namePatterns, expiresAt, revoked: false });
  const row = await write(async (tx) => {
    await claimName(tx, name);
    const created = await tx.apiToken.create({
      data: { id, name, nameKey: name.toLowerCase(), lookupId, tokenHash, scopes, namePatterns, expiresAt, createdBy: actor.id, mac: sealed },
      select: infoSelect,
    });
    await audit(tx, actor, {
      action: "token.create",
      detail: {
        token: name,
        prefix: tokenPrefix(lookupId),
        scopes,
        secrets: describePatterns(namePatterns),
        expiresAt: expiresAt?.toISOString() ?? "never",
      },
    });
    await notifyChange(tx, "tokens", id);
    return created;
  }, name);
  return { token, info: toInfo(row) };
}

/** Every token, newest first, with its status, last use and reads. Never the token or its hash. */
export async function listTokens(): Promise<TokenInfo[]> {
  const rows = await db().apiToken.findMany({ select: infoSelect, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  const now = new Date();
  return rows.map((r) => toInfo(r, now));
}

const tokenId = z.uuid();

/**
 * Revokes a token by name (any letter case) or id. Every instance refuses
 * it within a second: the notice sent with the commit drops it from their
 * caches, and a cache that is not hearing notices keeps nothing longer.
 */
export async function revokeToken(actor: Actor, nameOrId: string): Promise<TokenInfo> {
  const ref = typeof nameOrId === "string" ? nameOrId.trim() : "";
  if (!ref || ref.length > 100) throw new NotFoundError("No API token by that name");
  const byId = tokenId.safeParse(ref).success;
  const { integrityKey } = await keyring();
  const row = await write(async (tx) => {
    // An id first, then a name (a name may look like an id); locked, so two revokes do not both succeed.
    const found = await tx.$queryRaw<
      { id: string; name: string; lookup_id: string; token_hash: Uint8Array; scopes: string[]; name_patterns: string[]; expires_at: Date | null; revoked_at: Date | null }[]
    >`
      select id, name, lookup_id, token_hash, scopes, name_patterns, expires_at, revoked_at from api_tokens
      where name_key = ${ref.toLowerCase()} ${byId ? Prisma.sql`or id = ${ref}::uuid` : Prisma.empty}
      order by (id::text = ${ref}) desc
      limit 1
      for update`;
    const t = found[0];
    if (!t) throw new NotFoundError(`No API token named "${ref}"`);
    if (t.revoked_at) throw new ConflictError(`API token "${t.name}" was already revoked on ${t.revoked_at.toISOString()}`);
    // Re-sealed as revoked: clearing revoked_at in the database does not bring it back.
    const mac = tokenMac(integrityKey, {
      id: t.id,
      name: t.name,
      lookupId: t.lookup_id,
      tokenHash: t.token_hash,
      scopes: t.scopes,
      namePatterns: t.name_patterns,
      expiresAt: t.expires_at,
      revoked: true,
    });
    const revoked = await tx.apiToken.update({ where: { id: t.id }, data: { revokedAt: new Date(), revokedBy: actor.id, mac }, select: infoSelect });
    await audit(tx, actor, { action: "token.revoke", detail: { token: t.name, prefix: tokenPrefix(revoked.lookupId) } });
    await notifyChange(tx, "tokens", t.id);
    return revoked;
  });
  // This process need not wait for its own notice.
  forgetToken(row.id);
  return toInfo(row);
}

// --- internals -------------------------------------------------------------

async function claimName(tx: Tx, name: string) {
  const taken = await tx.apiToken.findUnique({ where: { nameKey: name.toLowerCase() }, select: { name: true, revokedAt: true } });
  if (taken) throw nameConflict(name, taken);
}

function nameConflict(name: string, taken?: { name: string; revokedAt: Date | null }) {
  const spelled = taken && taken.name !== name ? ` ("${taken.name}"; names differ only in letter case)` : "";
  const revoked = taken?.revokedAt ? " It was revoked; names of revoked tokens stay taken, so the audit log keeps meaning one token." : "";
  return new ConflictError(`name: an API token named "${name}" already exists${spelled}.${revoked}`);
}

/** Runs a write transaction; a lost race on the name arrives as a unique violation and leaves as a conflict. */
async function write<T>(fn: (tx: Tx) => Promise<T>, name?: string): Promise<T> {
  try {
    return await db().$transaction(fn, { timeout: 15_000, maxWait: 10_000 });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (isUniqueViolation(err)) throw nameConflict(name ?? "that name");
    throw new UnavailableError("Database error: the change was not saved", { cause: err });
  }
}
