import "server-only";
import crypto from "node:crypto";
import { audit, type Actor } from "../audit";
import { DecryptionError } from "../crypto/aead";
import { decryptValue, encryptValue } from "../crypto/envelope";
import { db, type Tx } from "../db/client";
import { pool } from "../db/pool";
import { AppError, ConflictError, ForbiddenError, NotFoundError, UnavailableError, ValidationError } from "../errors";
import { keyring } from "../keys";
import { isUniqueViolation } from "./db-errors";
import {
  currentIsAuthentic,
  currentMac,
  IntegrityError,
  nameIsAuthentic,
  nameMac,
  trashedNameIsAuthentic,
  trashedNameMac,
  valueFingerprint,
  versionIsAuthentic,
  versionMac,
} from "./integrity";
import {
  createSecretInput,
  parse,
  secretId as secretIdSchema,
  secretName,
  updateSecretInput,
  type CreateSecretInput,
  type UpdateSecretInput,
} from "./schemas";
import { countRead } from "./usage";
import { enqueueSecretEvent } from "../webhooks/outbox";

/**
 * The secrets service: the only code that reads or writes secret rows.
 * Every entry point (REST API, server actions, CLI, SDK tests) calls these
 * functions with an Actor; each mutation and each value read writes its
 * audit event in the same transaction, or does not happen.
 */

export type SecretInfo = {
  id: string;
  name: string;
  description: string;
  createdDate: Date;
  updatedDate: Date;
};

export type VersionInfo = { version: number; createdDate: Date; createdBy: string; current: boolean };
export type TrashedSecretInfo = SecretInfo & { deletedDate: Date; deletedBy: string | null; purgeAfter: Date };

export const VERSIONS_KEPT = 20;
export const TRASH_DAYS = 30;
export const DEFAULT_ALIAS_DAYS = 7;
export const MAX_ALIAS_DAYS = 90;
/** The caller recorded for the dashboard's reveals and copies in the usage figures. */
export const DASHBOARD_CALLER = "dashboard";
const DAY_MS = 86_400_000;

const infoSelect = { id: true, name: true, description: true, createdAt: true, updatedAt: true } as const;
const toInfo = (s: { id: string; name: string; description: string; createdAt: Date; updatedAt: Date }): SecretInfo => ({
  id: s.id,
  name: s.name,
  description: s.description,
  createdDate: s.createdAt,
  updatedDate: s.updatedAt,
});

export async function createSecret(actor: Actor, input: CreateSecretInput): Promise<string> {
  const parsed = parse(createSecretInput, input);
  const ring = await keyring();
  return write(async (tx) => {
    await requireOwner(tx);
    return insertSecret(tx, ring, actor, parsed);
  }, parsed.name);
}

/** Like Wix's members area: no secrets before the site has its owner. */
async function requireOwner(tx: Tx) {
  if ((await tx.user.count({ where: { role: "owner", disabledAt: null } })) === 0) {
    throw new ForbiddenError("Create the owner account first (open the app, or: bin/secrets users create --role owner)");
  }
}

/** A new secret with its name, first version and audit event, inside the caller's transaction. */
async function insertSecret(tx: Tx, ring: Ring, actor: Actor, input: { name: string; value: string; description?: string }): Promise<string> {
  const { name, value, description } = input;
  const id = crypto.randomUUID();
  const versionId = crypto.randomUUID();
  await claimName(tx, name, id);
  await tx.secret.create({
    data: {
      id,
      name,
      nameKey: name.toLowerCase(),
      description: description ?? "",
      currentVersion: 1,
      versionMac: currentMac(ring.integrityKey, id, 1, versionId),
      createdBy: actor.id,
      updatedBy: actor.id,
    },
  });
  await tx.secretName.create({ data: nameRow(ring, name, id) });
  await addVersion(tx, ring, { secretId: id, version: 1, versionId }, value, actor);
  await audit(tx, actor, { action: "secret.create", secretId: id, secretName: name });
  await enqueueSecretEvent(tx, id, "created");
  return id;
}

export type ImportItem = { name: string; value: string; description?: string };
export type ImportResult = { created: string[]; updated: string[]; skipped: { name: string; reason: "exists" | "unchanged" }[]; dryRun: boolean };
export const IMPORT_MAX = 1000;

/**
 * Imports many secrets at once (bin/secrets import, POST /api/v1/secrets/import):
 * all or nothing. Every item is checked first (a bad one fails the whole
 * import with its index in the field, e.g. `secrets[3].name`), then one
 * transaction creates the new names and, with `overwrite`, gives existing
 * secrets a new version when the value differs (compared by the keyed
 * fingerprint, without decrypting); the others are skipped. `dryRun`
 * reports the same plan and writes nothing. `allow` limits the names (a
 * token's patterns).
 */
export async function importSecrets(
  actor: Actor,
  items: ImportItem[],
  opts: { overwrite?: boolean; dryRun?: boolean; allow?: (name: string) => boolean } = {},
): Promise<ImportResult> {
  if (!Array.isArray(items) || items.length === 0) throw new ValidationError("secrets", "needs at least one secret");
  if (items.length > IMPORT_MAX) throw new ValidationError("secrets", `may hold at most ${IMPORT_MAX} secrets per import (got ${items.length})`);
  const parsed = items.map((item, i) => {
    try {
      return parse(createSecretInput, item);
    } catch (err) {
      if (err instanceof ValidationError) throw new ValidationError(`secrets[${i}].${err.field}`, err.message.slice(err.field.length + 2));
      throw err;
    }
  });
  const seen = new Map<string, number>();
  parsed.forEach((item, i) => {
    const key = item.name.toLowerCase();
    if (seen.has(key)) throw new ValidationError(`secrets[${i}].name`, `"${item.name}" appears twice (also at secrets[${seen.get(key)}])`);
    seen.set(key, i);
    refuseName(opts.allow, item.name);
  });
  const ring = await keyring();
  const result: ImportResult = { created: [], updated: [], skipped: [], dryRun: Boolean(opts.dryRun) };
  // A dry run takes the same locks and makes the same decisions, and writes nothing.
  await write(async (tx) => {
      await requireOwner(tx);
      const existing = await tx.$queryRaw<{ name_key: string; secret_id: string; is_alias: boolean; fingerprint: string | null }[]>`
        select n.name_key, n.secret_id, n.is_alias, v.fingerprint
        from secret_names n
        join secrets s on s.id = n.secret_id and s.deleted_at is null
        join secret_versions v on v.secret_id = s.id and v.version = s.current_version
        where n.name_key = any(${[...seen.keys()]}::text[]) and (n.expires_at is null or n.expires_at > now())
        for update of s`;
      const byKey = new Map(existing.map((e) => [e.name_key, e]));
      for (const item of parsed) {
        const found = byKey.get(item.name.toLowerCase());
        if (!found) {
          if (!opts.dryRun) await insertSecret(tx, ring, actor, item);
          result.created.push(item.name);
        } else if (found.is_alias) {
          throw new ConflictError(`name: "${item.name}" is still an alias of a renamed secret; import it under another name`);
        } else if (!opts.overwrite) {
          result.skipped.push({ name: item.name, reason: "exists" });
        } else if (found.fingerprint === valueFingerprint(ring.integrityKey, found.secret_id, item.value) && item.description === undefined) {
          result.skipped.push({ name: item.name, reason: "unchanged" });
        } else {
          if (!opts.dryRun) await changeSecret(tx, ring, actor, await lockLive(tx, found.secret_id), { value: item.value, description: item.description }, 0);
          result.updated.push(item.name);
        }
      }
  }, undefined, 60_000); // up to IMPORT_MAX secrets in one transaction
  return result;
}

/** What a read through a name tells the caller besides the value: the name it asked for may be an old one. */
export type ReadResult = {
  value: string;
  /** Set when the name asked for is an alias kept after a rename. */
  alias?: { currentName: string; since: Date; sunset: Date };
};

// The hot read: one statement (prepared once per connection, raw pg) finds the
// name, the secret and its current version and writes the audit event.
const READ_SQL = {
  name: "secret-read-v2",
  text: `
    with n as materialized (
      -- Drive the plan from the name's primary key whatever the statistics say.
      select secret_id, is_alias, expires_at, created_at, mac from secret_names
      where name_key = $1 and (expires_at is null or expires_at > now())
    ), found as (
      select s.id as secret_id, s.name, s.current_version, s.version_mac,
             v.id as version_id, v.kek_id, v.iv, v.ciphertext, v.auth_tag, v.wrapped_dek,
             n.is_alias as via_alias, n.expires_at as name_expires_at, n.created_at as name_created_at, n.mac as name_mac,
             p.name as primary_name, p.name_key as primary_key, p.mac as primary_mac
      from n
      join secrets s on s.id = n.secret_id and s.deleted_at is null
      join secret_versions v on v.secret_id = s.id and v.version = s.current_version
      -- Through an alias: the secret's own name, from its MAC-checked registry row (secrets.name is display only).
      left join lateral (
        select name, name_key, mac from secret_names where secret_id = s.id and not is_alias limit 1
      ) p on n.is_alias
    ), logged as (
      insert into audit_events (actor, source, action, outcome, secret_id, secret_name, detail)
      select $2, $3, 'secret.read', 'allowed', f.secret_id, f.name,
             case when f.via_alias then jsonb_build_object('alias', $4::text) end
      from found f
      returning id
    )
    select f.*, logged.id::text as audit_id from found f, logged`,
};

/**
 * A value read by name (the API, the SDK, the CLI). The name and the current
 * version are checked against their MACs before anything is decrypted; a
 * read that fails there is re-recorded as failed. `allow` sees the secret's
 * current name before anything is decrypted (an API token limited to some
 * names must be limited by what the secret is, not only by the name asked
 * for); a refusal is recorded as denied. Runs on the raw pg pool: this is the
 * path code calls on every start and request.
 */
export async function readSecret(actor: Actor, name: string, opts: { allow?: (currentName: string) => boolean } = {}): Promise<ReadResult> {
  parse(secretName, name, "name");
  const ring = await keyring();
  const nameKey = name.toLowerCase();
  let row: (NamedValueRow & { name_created_at: Date }) | undefined;
  try {
    const result = await pool().query<NamedValueRow & { name_created_at: Date }>({ ...READ_SQL, values: [nameKey, actor.id, actor.source ?? null, name] });
    row = result.rows[0];
  } catch (err) {
    throw unavailable(err, "the read could not be audited, so no value was returned");
  }
  if (!row) {
    await pool()
      .query("insert into audit_events (actor, source, action, outcome, secret_name) values ($1, $2, 'secret.read', 'not_found', $3)", [actor.id, actor.source ?? null, name])
      .catch(() => {});
    throw new NotFoundError(`No secret named "${name}"`);
  }
  // Which secret this is, proved before anything else is decided: the name asked for, and through an alias the secret's own name.
  const binding = { nameKey, secretId: row.secret_id, isAlias: row.via_alias, expiresAt: row.name_expires_at };
  const primary = row.via_alias ? { key: row.primary_key ?? "", mac: row.primary_mac } : { key: nameKey, mac: row.name_mac };
  const namesAuthentic =
    nameIsAuthentic(ring.integrityKey, binding, row.name_mac) &&
    (!row.via_alias || nameIsAuthentic(ring.integrityKey, { nameKey: primary.key, secretId: row.secret_id, isAlias: false, expiresAt: null }, primary.mac));
  const currentName = !row.via_alias ? name : row.primary_name?.toLowerCase() === primary.key ? row.primary_name! : primary.key;
  if (namesAuthentic && opts.allow && !opts.allow(currentName)) {
    await markRead(row.audit_id, "denied", "scope");
    // Already recorded as denied: the API must not record it twice.
    throw Object.assign(new ForbiddenError(`not allowed to read secret "${name}"`), { audited: true });
  }
  const value = await openVerified(ring, row, row.audit_id, () => namesAuthentic);
  countRead(row.secret_id, actor.id, nameKey);
  if (!row.via_alias || !row.name_expires_at) return { value };
  return { value, alias: { currentName, since: row.name_created_at, sunset: row.name_expires_at } };
}

/** `getSecretValue(name)` of the Wix API: `{ value }`. */
export async function getSecretValue(actor: Actor, name: string): Promise<{ value: string }> {
  const { value } = await readSecret(actor, name);
  return { value };
}

/**
 * The dashboard's explicit reveal or copy of one secret's current value, by
 * id. Audited as its own event in the same statement that reads the row,
 * and counted as a read by "dashboard" through the secret's name, so the
 * usage figures show that someone still looks at it. Authorization is the
 * caller's (admin, recent sign-in).
 */
export async function revealSecret(actor: Actor, id: string, purpose: "reveal" | "copy"): Promise<{ value: string }> {
  parse(secretIdSchema, id, "id");
  const ring = await keyring();
  const action = purpose === "copy" ? "secret.copy" : "secret.reveal";
  let rows: ValueRow[];
  try {
    rows = await db().$queryRaw<ValueRow[]>`
      with found as (
        select s.id as secret_id, s.name, s.current_version, s.version_mac,
               v.id as version_id, v.kek_id, v.iv, v.ciphertext, v.auth_tag, v.wrapped_dek
        from secrets s join secret_versions v on v.secret_id = s.id and v.version = s.current_version
        where s.id = ${id}::uuid and s.deleted_at is null
      ), logged as (
        insert into audit_events (actor, source, action, outcome, secret_id, secret_name)
        select ${actor.id}, ${actor.source ?? null}, ${action}, 'allowed', f.secret_id, f.name from found f
        returning id
      )
      select f.*, logged.id as audit_id from found f, logged`;
  } catch (err) {
    throw unavailable(err, "the reveal could not be audited, so no value was returned");
  }
  const row = rows[0];
  if (!row) throw new NotFoundError(`No secret with id ${id}`);
  const value = await openVerified(ring, row, row.audit_id, () => true);
  countRead(row.secret_id, DASHBOARD_CALLER, row.name.toLowerCase());
  return { value };
}

type ValueRow = {
  secret_id: string;
  name: string;
  current_version: number;
  version_mac: Uint8Array | null;
  version_id: string;
  kek_id: string;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  auth_tag: Uint8Array;
  wrapped_dek: Uint8Array;
  audit_id: bigint | string;
};
type NamedValueRow = ValueRow & {
  via_alias: boolean;
  name_expires_at: Date | null;
  name_mac: Uint8Array | null;
  primary_name: string | null;
  primary_key: string | null;
  primary_mac: Uint8Array | null;
};

type Ring = Awaited<ReturnType<typeof keyring>>;

/**
 * Checks the row's MACs, then decrypts. Any failure turns the read's audit
 * event (already written as allowed, in the read's own statement) into a
 * failed one, and no value leaves: tampering and ciphertext damage are the
 * same generic IntegrityError.
 */
/** Turns a value read's audit event (written as allowed in the read's own statement) into a failed or denied one. */
async function markRead(auditId: bigint | string, outcome: "failed" | "denied", why: string) {
  await pool()
    .query(
      // The row was written moments ago: the time bound keeps the update to this month's partition.
      `update audit_events set outcome = $2, detail = coalesce(detail, '{}'::jsonb) || jsonb_build_object('error', $3::text)
       where id = $1::bigint and at >= now() - interval '1 hour'`,
      [String(auditId), outcome, why],
    )
    .catch(() => {});
}

async function openVerified(ring: Ring, row: ValueRow, auditId: bigint | string, nameOk: () => boolean): Promise<string> {
  try {
    const authentic =
      nameOk() && currentIsAuthentic(ring.integrityKey, row.secret_id, row.current_version, row.version_id, row.version_mac);
    if (!authentic) throw new IntegrityError();
    return await decryptRow(ring, row);
  } catch (err) {
    const integrity = err instanceof IntegrityError || err instanceof DecryptionError;
    await markRead(auditId, "failed", integrity ? "integrity" : "error");
    if (err instanceof DecryptionError) throw new IntegrityError({ cause: err });
    throw err;
  }
}

async function decryptRow(ring: Ring, row: Omit<ValueRow, "audit_id" | "current_version" | "version_mac" | "name">): Promise<string> {
  return decryptValue(
    {
      iv: Buffer.from(row.iv),
      ciphertext: Buffer.from(row.ciphertext),
      authTag: Buffer.from(row.auth_tag),
      wrappedDek: Buffer.from(row.wrapped_dek),
    },
    { secretId: row.secret_id, versionId: row.version_id },
    await ring.key(row.kek_id),
  );
}

/** Every live secret's metadata, by name. Never values. */
export async function listSecretInfo(): Promise<{ secrets: SecretInfo[] }> {
  const rows = await db().secret.findMany({ where: { deletedAt: null }, select: infoSelect, orderBy: { nameKey: "asc" } });
  return { secrets: rows.map(toInfo) };
}

export async function getSecretInfo(id: string): Promise<SecretInfo> {
  parse(secretIdSchema, id, "id");
  const row = await db().secret.findFirst({ where: { id, deletedAt: null }, select: infoSelect });
  if (!row) throw new NotFoundError(`No secret with id ${id}`);
  return toInfo(row);
}

/**
 * Changes any of name, value and description; fields not given stay as they
 * are. A rename keeps the old name answering as an alias for
 * `opts.aliasDays` days (default 7, 1–90; null or 0: no alias).
 */
export async function updateSecret(
  actor: Actor,
  id: string,
  input: UpdateSecretInput,
  opts: { aliasDays?: number | null; allow?: (name: string) => boolean } = {},
): Promise<void> {
  parse(secretIdSchema, id, "id");
  const changes = parse(updateSecretInput, input);
  if (changes.name !== undefined) refuseName(opts.allow, changes.name);
  const aliasDays = opts.aliasDays === undefined ? DEFAULT_ALIAS_DAYS : opts.aliasDays === null || opts.aliasDays === 0 ? 0 : checkDays(opts.aliasDays, "aliasDays");
  const ring = await keyring();
  await write(async (tx) => {
    const current = await lockLive(tx, id);
    if (opts.allow) hideId(opts.allow, (await primaryName(tx, ring, id)).nameKey, id);
    await changeSecret(tx, ring, actor, current, changes, aliasDays);
  }, changes.name);
}

/** Applies a change to a locked live secret inside the caller's transaction: rename (with its alias), new version, description; one audit event. */
async function changeSecret(
  tx: Tx,
  ring: Ring,
  actor: Actor,
  current: LockedSecret,
  changes: { name?: string; value?: string; description?: string },
  aliasDays: number,
): Promise<void> {
  const id = current.id;
  const fields: string[] = [];
  const detail: Record<string, string | string[]> = {};
  if (changes.name !== undefined && changes.name !== current.name) {
    const aliasUntil = await rename(tx, ring, current, changes.name, aliasDays);
    fields.push("name");
    detail.oldName = current.name;
    if (aliasUntil) detail.aliasUntil = aliasUntil.toISOString();
  }
  const next = changes.value === undefined ? undefined : { secretId: id, version: current.currentVersion + 1, versionId: crypto.randomUUID() };
  if (next) {
    await addVersion(tx, ring, next, changes.value!, actor);
    fields.push("value");
  }
  if (changes.description !== undefined && changes.description !== current.description) fields.push("description");
  await tx.secret.update({
    where: { id },
    data: {
      name: changes.name,
      nameKey: changes.name?.toLowerCase(),
      description: changes.description,
      currentVersion: next?.version,
      versionMac: next ? currentMac(ring.integrityKey, id, next.version, next.versionId) : undefined,
      updatedAt: new Date(),
      updatedBy: actor.id,
    },
  });
  await audit(tx, actor, {
    action: "secret.update",
    secretId: id,
    secretName: changes.name ?? current.name,
    detail: { fields, ...detail },
  });
  await enqueueSecretEvent(tx, id, "updated", fields);
}

/** Moves a secret to the trash; its names become free. Restorable for 30 days. */
export async function deleteSecret(actor: Actor, id: string, opts: { allow?: (name: string) => boolean } = {}): Promise<void> {
  parse(secretIdSchema, id, "id");
  const ring = await keyring();
  await write(async (tx) => {
    await lockLive(tx, id);
    if (opts.allow) hideId(opts.allow, (await primaryName(tx, ring, id)).nameKey, id);
    // Its authenticated name is what a restore may take back (trashedNameMac).
    const own = await primaryName(tx, ring, id);
    await tx.secretName.deleteMany({ where: { secretId: id } });
    await tx.secret.update({
      where: { id },
      data: { name: own.name, nameKey: own.nameKey, deletedAt: new Date(), deletedBy: actor.id, trashedNameMac: trashedNameMac(ring.integrityKey, id, own.nameKey) },
    });
    await audit(tx, actor, { action: "secret.delete", secretId: id, secretName: own.name });
    await enqueueSecretEvent(tx, id, "deleted");
  });
}

/** Brings a secret back from the trash, under its old name or a new one. */
export async function restoreSecret(actor: Actor, id: string, opts: { name?: string } = {}): Promise<void> {
  parse(secretIdSchema, id, "id");
  const newName = opts.name === undefined ? undefined : parse(secretName, opts.name, "name");
  const ring = await keyring();
  await write(async (tx) => {
    const rows = await tx.$queryRaw<{ name: string; trashed_name_mac: Uint8Array | null }[]>`
      select name, trashed_name_mac from secrets where id = ${id}::uuid and deleted_at is not null for update`;
    if (!rows[0]) throw new NotFoundError(`No secret with id ${id} in the trash`);
    // Its old name only if this app recorded it at deletion; a name written into the row otherwise is not sealed.
    if (newName === undefined && !trashedNameIsAuthentic(ring.integrityKey, id, rows[0].name.toLowerCase(), rows[0].trashed_name_mac)) {
      throw new ConflictError(`name: the name this secret had cannot be verified; restore it under another name`);
    }
    const name = newName ?? rows[0].name;
    await claimName(tx, name, id).catch((err: unknown) => {
      throw err instanceof ConflictError ? restoreConflict(name) : err;
    });
    await tx.secretName.create({ data: nameRow(ring, name, id) });
    await tx.secret.update({
      where: { id },
      data: { name, nameKey: name.toLowerCase(), deletedAt: null, deletedBy: null, trashedNameMac: null, updatedAt: new Date(), updatedBy: actor.id },
    });
    await audit(tx, actor, { action: "secret.restore", secretId: id, secretName: name });
    await enqueueSecretEvent(tx, id, "restored");
  }, newName).catch((err: unknown) => {
    // A lost race on the name arrives as a plain conflict from write().
    if (err instanceof ConflictError && !err.message.includes("restore it under another name")) {
      throw restoreConflict(newName ?? "its name");
    }
    throw err;
  });
}

function restoreConflict(name: string) {
  return new ConflictError(`name: "${name}" is taken by another secret now; restore it under another name`);
}

/** Deletes a trashed secret and all its versions for good. */
export async function purgeSecret(actor: Actor, id: string): Promise<void> {
  parse(secretIdSchema, id, "id");
  await write(async (tx) => {
    const rows = await tx.$queryRaw<{ name: string }[]>`
      delete from secrets where id = ${id}::uuid and deleted_at is not null returning name`;
    if (!rows[0]) throw new NotFoundError(`No secret with id ${id} in the trash (only trashed secrets can be purged)`);
    await audit(tx, actor, { action: "secret.purge", secretId: id, secretName: rows[0].name });
  });
}

/** Purges what has been in the trash longer than TRASH_DAYS. Safe to run from every instance. */
export async function purgeExpiredTrash(actor: Actor, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - TRASH_DAYS * 86_400_000);
  return write(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; name: string }[]>`
      delete from secrets where deleted_at is not null and deleted_at < ${cutoff} returning id, name`;
    for (const r of rows) await audit(tx, actor, { action: "secret.purge", secretId: r.id, secretName: r.name, detail: { expired: true } });
    return rows.length;
  });
}

export async function listTrash(): Promise<TrashedSecretInfo[]> {
  const rows = await db().secret.findMany({
    where: { deletedAt: { not: null } },
    select: { ...infoSelect, deletedAt: true, deletedBy: true },
    orderBy: { deletedAt: "desc" },
  });
  return rows.map((r) => ({
    ...toInfo(r),
    deletedDate: r.deletedAt!,
    deletedBy: r.deletedBy,
    purgeAfter: new Date(r.deletedAt!.getTime() + TRASH_DAYS * 86_400_000),
  }));
}

/**
 * A secret's versions, newest first, with a masked comparison: each value's
 * length in bytes and a short keyed fingerprint (equal values, equal
 * fingerprints), null for versions written before they were recorded.
 */
export async function listVersions(id: string): Promise<(VersionInfo & { length: number | null; fingerprint: string | null })[]> {
  parse(secretIdSchema, id, "id");
  const secret = await db().secret.findUnique({ where: { id }, select: { currentVersion: true } });
  if (!secret) throw new NotFoundError(`No secret with id ${id}`);
  const rows = await db().secretVersion.findMany({
    where: { secretId: id },
    select: { version: true, createdAt: true, createdBy: true, valueLength: true, fingerprint: true },
    orderBy: { version: "desc" },
  });
  return rows.map((v) => ({
    version: v.version,
    createdDate: v.createdAt,
    createdBy: v.createdBy,
    current: v.version === secret.currentVersion,
    length: v.valueLength,
    fingerprint: v.fingerprint,
  }));
}

/**
 * Makes an older value current again, as a new version (history is never
 * rewritten). The current version and the chosen one are checked against
 * their MACs first; a failure is audited as failed outside the rolled-back
 * transaction.
 */
export async function restoreVersion(actor: Actor, id: string, version: number): Promise<void> {
  parse(secretIdSchema, id, "id");
  if (!Number.isInteger(version) || version < 1) throw new NotFoundError(`No version ${version} of secret ${id}`);
  const ring = await keyring();
  const key = ring.integrityKey;
  try {
    await write(async (tx) => {
      const current = await lockLive(tx, id);
      const old = await tx.secretVersion.findUnique({ where: { secretId_version: { secretId: id, version } } });
      if (!old) throw new NotFoundError(`No version ${version} of secret ${id}`);
      const authentic =
        currentIsAuthentic(key, id, current.currentVersion, current.currentVersionId ?? "", current.versionMac) &&
        versionIsAuthentic(key, id, old.version, old.id, old.mac);
      if (!authentic) throw new IntegrityError();
      const value = await decryptRow(ring, {
        secret_id: id,
        version_id: old.id,
        kek_id: old.kekId,
        iv: old.iv,
        ciphertext: old.ciphertext,
        auth_tag: old.authTag,
        wrapped_dek: old.wrappedDek,
      }).catch((err: unknown) => {
        throw err instanceof DecryptionError ? new IntegrityError({ cause: err }) : err;
      });
      const next = { secretId: id, version: current.currentVersion + 1, versionId: crypto.randomUUID() };
      await addVersion(tx, ring, next, value, actor);
      await tx.secret.update({
        where: { id },
        data: { currentVersion: next.version, versionMac: currentMac(key, id, next.version, next.versionId), updatedAt: new Date(), updatedBy: actor.id },
      });
      await audit(tx, actor, {
        action: "secret.version.restore",
        secretId: id,
        secretName: current.name,
        detail: { restoredVersion: version, newVersion: next.version },
      });
      await enqueueSecretEvent(tx, id, "updated", ["value"]);
    });
  } catch (err) {
    if (!(err instanceof IntegrityError)) throw err;
    await db()
      .auditEvent.create({
        data: {
          actor: actor.id,
          source: actor.source ?? null,
          action: "secret.version.restore",
          outcome: "failed",
          secretId: id,
          detail: { restoredVersion: version, error: "integrity" },
        },
      })
      .catch(() => {});
    throw err;
  }
}

// --- aliases ---------------------------------------------------------------

export type AliasInfo = {
  name: string;
  expiresAt: Date;
  reads30d: number;
  lastReadAt: Date | null;
  callers: { caller: string; reads30d: number; lastReadAt: Date }[];
};

/** A secret's live aliases (old names kept after a rename), soonest to expire first, with who still reads through each. */
export async function listAliases(secretId: string): Promise<AliasInfo[]> {
  parse(secretIdSchema, secretId, "id");
  const aliases = await db().secretName.findMany({
    where: { secretId, isAlias: true, expiresAt: { gt: new Date() }, secret: { deletedAt: null } },
    select: { nameKey: true, name: true, expiresAt: true },
    orderBy: { expiresAt: "asc" },
  });
  if (!aliases.length) return [];
  const since = new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10);
  const reads = await db().$queryRaw<{ via_name: string; caller: string; reads: bigint; last_read_at: Date }[]>`
    select via_name, caller, sum(count)::bigint as reads, max(last_read_at) as last_read_at
    from secret_reads
    where secret_id = ${secretId}::uuid and day > ${since}::date and via_name = any(${aliases.map((a) => a.nameKey)}::text[])
    group by via_name, caller
    order by reads desc`;
  return aliases.map((a) => {
    const callers = reads
      .filter((r) => r.via_name === a.nameKey)
      .map((r) => ({ caller: r.caller, reads30d: Number(r.reads), lastReadAt: r.last_read_at }));
    return {
      name: a.name,
      expiresAt: a.expiresAt!,
      reads30d: callers.reduce((n, c) => n + c.reads30d, 0),
      lastReadAt: callers.reduce<Date | null>((d, c) => (!d || c.lastReadAt > d ? c.lastReadAt : d), null),
      callers,
    };
  });
}

/** Every live alias of every live secret, soonest to expire first. */
export async function listAllAliases(): Promise<{ secretId: string; secretName: string; alias: string; expiresAt: Date }[]> {
  const rows = await db().secretName.findMany({
    where: { isAlias: true, expiresAt: { gt: new Date() }, secret: { deletedAt: null } },
    select: { name: true, expiresAt: true, secretId: true, secret: { select: { name: true } } },
    orderBy: [{ expiresAt: "asc" }, { nameKey: "asc" }],
  });
  return rows.map((r) => ({ secretId: r.secretId, secretName: r.secret.name, alias: r.name, expiresAt: r.expiresAt! }));
}

/** Keeps an alias alive until now + days (1–90); its MAC is renewed with it. */
export async function extendAlias(actor: Actor, secretId: string, alias: string, days: number): Promise<void> {
  parse(secretIdSchema, secretId, "id");
  parse(secretName, alias, "alias");
  checkDays(days, "days");
  const ring = await keyring();
  await write(async (tx) => {
    const current = await lockLive(tx, secretId);
    const row = await liveAlias(tx, ring, secretId, alias);
    const expiresAt = new Date(Date.now() + days * DAY_MS);
    await tx.secretName.update({ where: { nameKey: row.nameKey }, data: nameRow(ring, row.name, secretId, { expiresAt }) });
    await audit(tx, actor, {
      action: "secret.alias.extend",
      secretId,
      secretName: current.name,
      detail: { alias: row.name, expiresAt: expiresAt.toISOString(), previousExpiry: row.expiresAt!.toISOString() },
    });
  });
}

/** Ends an alias now: code asking for that name fails from this moment, and the name is free. */
export async function endAlias(actor: Actor, secretId: string, alias: string): Promise<void> {
  parse(secretIdSchema, secretId, "id");
  parse(secretName, alias, "alias");
  const ring = await keyring();
  await write(async (tx) => {
    const current = await lockLive(tx, secretId);
    const row = await liveAlias(tx, ring, secretId, alias);
    await tx.secretName.delete({ where: { nameKey: row.nameKey } });
    await audit(tx, actor, { action: "secret.alias.end", secretId, secretName: current.name, detail: { alias: row.name } });
  });
}

/**
 * Frees the names of expired aliases (reads already ignore them; a new claim
 * also clears the one it needs). Each is audited. Safe from every instance.
 */
export async function purgeExpiredAliases(): Promise<number> {
  return write(async (tx) => {
    const rows = await tx.$queryRaw<{ name: string; secret_id: string; expires_at: Date; secret_name: string }[]>`
      with gone as (
        delete from secret_names where is_alias and expires_at <= now() returning name, secret_id, expires_at
      )
      select g.name, g.secret_id, g.expires_at, s.name as secret_name from gone g join secrets s on s.id = g.secret_id`;
    for (const r of rows) {
      await audit(tx, HOUSEKEEPING, {
        action: "secret.alias.expire",
        secretId: r.secret_id,
        secretName: r.secret_name,
        detail: { alias: r.name, expiresAt: r.expires_at.toISOString() },
      });
    }
    return rows.length;
  });
}

const HOUSEKEEPING: Actor = { id: "system:housekeeping", source: "server" };

async function liveAlias(tx: Tx, ring: Ring, secretId: string, alias: string) {
  const row = await tx.secretName.findFirst({
    where: { nameKey: alias.toLowerCase(), secretId, isAlias: true, expiresAt: { gt: new Date() } },
    select: { nameKey: true, name: true, expiresAt: true, mac: true },
  });
  if (!row) throw new NotFoundError(`"${alias}" is not a live alias of secret ${secretId}`);
  // Extending re-seals the row: never for one this app did not write.
  if (!nameIsAuthentic(ring.integrityKey, { nameKey: row.nameKey, secretId, isAlias: true, expiresAt: row.expiresAt }, row.mac)) {
    throw new IntegrityError();
  }
  return row;
}

/** A caller limited to some names (an API token's patterns) may not touch the others. */
function refuseName(allow: ((name: string) => boolean) | undefined, name: string) {
  if (allow && !allow(name)) throw new ForbiddenError(`not allowed to use secret "${name}"`);
}

/** A secret by id that the caller may not use is, to that caller, no secret at all (its name and existence are not told). */
function hideId(allow: (name: string) => boolean, name: string, id: string) {
  if (!allow(name)) throw new NotFoundError(`No secret with id ${id}`);
}

/** A live secret's own name, from its MAC-checked registry row: what access rules by name (token patterns) must judge. */
export async function verifiedSecretName(id: string): Promise<string> {
  parse(secretIdSchema, id, "id");
  const ring = await keyring();
  const live = await db().secret.findFirst({ where: { id, deletedAt: null }, select: { id: true } });
  if (!live) throw new NotFoundError(`No secret with id ${id}`);
  // The key, not the display name: only the key is under the MAC, and name rules ignore letter case.
  return (await db().$transaction((tx) => primaryName(tx, ring, id))).nameKey;
}

function checkDays(days: number, field: string): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_ALIAS_DAYS) {
    throw new ValidationError(field, `must be a whole number of days from 1 to ${MAX_ALIAS_DAYS}`);
  }
  return days;
}

/** Resolves what a person typed (an id, or a live or trashed secret's name) to an id. */
export async function findSecretId(ref: string, where: "live" | "trash" = "live"): Promise<string> {
  if (secretIdSchema.safeParse(ref).success) return ref;
  const nameKey = ref.toLowerCase();
  const rows = await db().secret.findMany({
    where: { nameKey, deletedAt: where === "live" ? null : { not: null } },
    select: { id: true },
    orderBy: { deletedAt: "desc" },
    take: 1,
  });
  if (!rows[0]) throw new NotFoundError(`No ${where === "trash" ? "trashed " : ""}secret named "${ref}"`);
  return rows[0].id;
}

// --- internals -------------------------------------------------------------

type LockedSecret = {
  id: string;
  name: string;
  description: string;
  currentVersion: number;
  currentVersionId: string | null;
  versionMac: Uint8Array | null;
};

async function lockLive(tx: Tx, id: string): Promise<LockedSecret> {
  const rows = await tx.$queryRaw<
    { id: string; name: string; description: string; current_version: number; version_id: string | null; version_mac: Uint8Array | null }[]
  >`
    select s.id, s.name, s.description, s.current_version, v.id as version_id, s.version_mac
    from secrets s left join secret_versions v on v.secret_id = s.id and v.version = s.current_version
    where s.id = ${id}::uuid and s.deleted_at is null for update of s`;
  const row = rows[0];
  if (!row) throw new NotFoundError(`No secret with id ${id}`);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    currentVersion: row.current_version,
    currentVersionId: row.version_id,
    versionMac: row.version_mac,
  };
}

/** A secret_names row with its MAC (lib/secrets/integrity.ts); aliases pass isAlias and expiresAt. */
function nameRow(ring: Ring, name: string, secretId: string, alias?: { expiresAt: Date }) {
  const nameKey = name.toLowerCase();
  const isAlias = alias !== undefined;
  const expiresAt = alias?.expiresAt ?? null;
  return { nameKey, name, secretId, isAlias, expiresAt, mac: nameMac(ring.integrityKey, { nameKey, secretId, isAlias, expiresAt }) };
}

/** Fails with a clear conflict when a name (or a live alias) is taken. */
async function claimName(tx: Tx, name: string, id: string, ring?: Ring) {
  const nameKey = name.toLowerCase();
  await tx.secretName.deleteMany({ where: { nameKey, isAlias: true, expiresAt: { lt: new Date() } } });
  const taken = await tx.secretName.findUnique({
    where: { nameKey },
    select: { name: true, secretId: true, isAlias: true, expiresAt: true, mac: true },
  });
  if (taken && taken.secretId !== id) throw nameConflict(name, taken);
  // Taking back one of its own names (an alias) re-seals it: only if its MAC holds.
  if (taken && ring && !nameIsAuthentic(ring.integrityKey, { nameKey, secretId: id, isAlias: taken.isAlias, expiresAt: taken.expiresAt }, taken.mac)) {
    throw new IntegrityError();
  }
}

function nameConflict(name: string, taken?: { name: string; isAlias: boolean; expiresAt: Date | null }) {
  if (taken?.isAlias) {
    return new ConflictError(
      `name: "${name}" is still an alias of a renamed secret${taken.expiresAt ? ` until ${taken.expiresAt.toISOString()}` : ""}`,
    );
  }
  const existing = taken && taken.name !== name ? ` ("${taken.name}"; names differ only in letter case)` : "";
  return new ConflictError(`name: a secret named "${name}" already exists${existing}`);
}

/** Moves a secret to a new name; the old one stays as an alias for aliasDays (0: freed at once). Returns the alias's expiry. */
async function rename(tx: Tx, ring: Ring, current: LockedSecret, name: string, aliasDays: number): Promise<Date | undefined> {
  // The old name comes from the MAC-checked registry row, never from secrets.name (display only):
  // otherwise the alias kept below would seal a name someone wrote into the database.
  const own = await primaryName(tx, ring, current.id);
  const oldKey = own.nameKey;
  const newKey = name.toLowerCase();
  if (oldKey === newKey) {
    await tx.secretName.update({ where: { nameKey: oldKey }, data: { name } });
    return undefined;
  }
  await claimName(tx, name, current.id, ring);
  // Renaming back to one of its own aliases turns the alias into the name again.
  await tx.secretName.deleteMany({ where: { nameKey: { in: [oldKey, newKey] }, secretId: current.id } });
  await tx.secretName.create({ data: nameRow(ring, name, current.id) });
  if (aliasDays === 0) return undefined;
  const expiresAt = new Date(Date.now() + aliasDays * DAY_MS);
  await tx.secretName.create({ data: nameRow(ring, own.name, current.id, { expiresAt }) });
  return expiresAt;
}

/** A secret's own name from its registry row, whose MAC must hold; IntegrityError otherwise. */
async function primaryName(tx: Tx, ring: Ring, secretId: string): Promise<{ name: string; nameKey: string }> {
  const row = await tx.secretName.findFirst({ where: { secretId, isAlias: false }, select: { nameKey: true, name: true, mac: true } });
  const binding = { nameKey: row?.nameKey ?? "", secretId, isAlias: false, expiresAt: null };
  if (!row || !nameIsAuthentic(ring.integrityKey, binding, row.mac)) throw new IntegrityError();
  return { name: row.name, nameKey: row.nameKey };
}

async function addVersion(
  tx: Tx,
  ring: Ring,
  at: { secretId: string; version: number; versionId: string },
  value: string,
  actor: Actor,
) {
  const { secretId, version, versionId } = at;
  const kek = await ring.active(tx);
  const enc = encryptValue(value, { secretId, versionId }, kek.key);
  await tx.secretVersion.create({
    data: {
      id: versionId,
      secretId,
      version,
      kekId: kek.id,
      iv: new Uint8Array(enc.iv),
      ciphertext: new Uint8Array(enc.ciphertext),
      authTag: new Uint8Array(enc.authTag),
      wrappedDek: new Uint8Array(enc.wrappedDek),
      mac: versionMac(ring.integrityKey, secretId, version, versionId),
      valueLength: Buffer.byteLength(value, "utf8"),
      fingerprint: valueFingerprint(ring.integrityKey, secretId, value),
      createdBy: actor.id,
    },
  });
  if (version > VERSIONS_KEPT) {
    await tx.secretVersion.deleteMany({ where: { secretId, version: { lte: version - VERSIONS_KEPT } } });
  }
}

/** Runs a write transaction, turning a lost race on a unique name into a conflict. */
async function write<T>(fn: (tx: Tx) => Promise<T>, name?: string, timeoutMs = 15_000): Promise<T> {
  try {
    return await db().$transaction(fn, { timeout: timeoutMs, maxWait: 10_000 });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameConflict(name ?? "that name");
    throw unavailable(err, "the change was not saved");
  }
}

function unavailable(err: unknown, what: string): Error {
  if (err instanceof AppError) return err;
  // The cause stays attached for the server log; the message is safe to show.
  return new UnavailableError(`Database error: ${what}`, { cause: err });
}
