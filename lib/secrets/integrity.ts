import "server-only";
import { mac, macMatches, type MacField } from "../crypto/mac";
import type { Tx } from "../db/client";
import { UnavailableError } from "../errors";

/**
 * Storage is untrusted (docs/keys.md): whoever can write the database must
 * not be able to make a name answer with another secret's value, or roll a
 * secret back to an older version, unnoticed. The rows that decide what a
 * read returns carry an HMAC under the keyring's integrity key:
 *
 * - secret_names.mac: which secret a name leads to (and whether as an alias, until when);
 * - secrets.version_mac: which version is current (its number and its row's id);
 * - secret_versions.mac: which row a version number is (restoring "version 3").
 *
 * The value ciphertext already binds secret and version id (AES-GCM AAD); these
 * bind the choices in between.
 */
export class IntegrityError extends UnavailableError {
  constructor(options?: ErrorOptions) {
    super("The stored secret failed its integrity check (it was changed outside this app); no value was returned", options);
  }
}

export type NameBinding = { nameKey: string; secretId: string; isAlias: boolean; expiresAt: Date | null };

const nameFields = (n: NameBinding): MacField[] => [
  "secret-name/v1",
  n.nameKey,
  n.secretId,
  n.isAlias,
  n.expiresAt ? n.expiresAt.getTime() : null,
];
const currentFields = (secretId: string, version: number, versionId: string): MacField[] => [
  "secret-current/v1",
  secretId,
  version,
  versionId,
];
const versionFields = (secretId: string, version: number, versionId: string): MacField[] => [
  "secret-version/v1",
  secretId,
  version,
  versionId,
];

const trashedNameFields = (secretId: string, nameKey: string): MacField[] => ["secret-trashed-name/v1", secretId, nameKey];

const bytes = (b: Buffer) => new Uint8Array(b);

export const trashedNameMac = (key: Buffer, secretId: string, nameKey: string) => bytes(mac(key, trashedNameFields(secretId, nameKey)));
export const trashedNameIsAuthentic = (key: Buffer, secretId: string, nameKey: string, tag: Uint8Array | null) =>
  macMatches(key, trashedNameFields(secretId, nameKey), tag);

export const nameMac = (key: Buffer, n: NameBinding) => bytes(mac(key, nameFields(n)));
export const currentMac = (key: Buffer, secretId: string, version: number, versionId: string) =>
  bytes(mac(key, currentFields(secretId, version, versionId)));
export const versionMac = (key: Buffer, secretId: string, version: number, versionId: string) =>
  bytes(mac(key, versionFields(secretId, version, versionId)));

/**
 * A short keyed fingerprint of a value, for telling versions apart without
 * showing them: the first 8 hex digits of an HMAC under the integrity key,
 * bound to the secret. Without the key nobody can test guesses against it.
 */
export const valueFingerprint = (key: Buffer, secretId: string, value: string) =>
  mac(key, ["value-fingerprint/v1", secretId, value]).toString("hex").slice(0, 8);

export const nameIsAuthentic = (key: Buffer, n: NameBinding, tag: Uint8Array | null) => macMatches(key, nameFields(n), tag);
export const currentIsAuthentic = (key: Buffer, secretId: string, version: number, versionId: string, tag: Uint8Array | null) =>
  macMatches(key, currentFields(secretId, version, versionId), tag);
export const versionIsAuthentic = (key: Buffer, secretId: string, version: number, versionId: string, tag: Uint8Array | null) =>
  macMatches(key, versionFields(secretId, version, versionId), tag);

/**
 * Seals every existing row, once: the keyring calls this in the transaction
 * that creates the integrity key on a database from before these MACs. Ever
 * after, a row without a valid MAC fails its read; nothing re-seals it.
 */
export async function sealExistingMetadata(tx: Tx, key: Buffer): Promise<void> {
  const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
  const names = await tx.$queryRaw<{ name_key: string; secret_id: string; is_alias: boolean; expires_at: Date | null }[]>`
    select name_key, secret_id, is_alias, expires_at from secret_names`;
  const nameTags = names.map((n) =>
    hex(nameMac(key, { nameKey: n.name_key, secretId: n.secret_id, isAlias: n.is_alias, expiresAt: n.expires_at })),
  );
  await tx.$executeRaw`
    update secret_names n set mac = decode(u.mac, 'hex')
    from unnest(${names.map((n) => n.name_key)}::text[], ${nameTags}::text[]) as u(name_key, mac)
    where n.name_key = u.name_key`;

  const versions = await tx.$queryRaw<{ id: string; secret_id: string; version: number }[]>`
    select id, secret_id, version from secret_versions`;
  const versionTags = versions.map((v) => hex(versionMac(key, v.secret_id, v.version, v.id)));
  await tx.$executeRaw`
    update secret_versions v set mac = decode(u.mac, 'hex')
    from unnest(${versions.map((v) => v.id)}::uuid[], ${versionTags}::text[]) as u(id, mac)
    where v.id = u.id`;

  const current = await tx.$queryRaw<{ id: string; current_version: number; version_id: string }[]>`
    select s.id, s.current_version, v.id as version_id
    from secrets s join secret_versions v on v.secret_id = s.id and v.version = s.current_version`;
  const currentTags = current.map((c) => hex(currentMac(key, c.id, c.current_version, c.version_id)));
  await tx.$executeRaw`
    update secrets s set version_mac = decode(u.mac, 'hex')
    from unnest(${current.map((c) => c.id)}::uuid[], ${currentTags}::text[]) as u(id, mac)
    where s.id = u.id`;
}
