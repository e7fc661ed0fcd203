import "server-only";
import crypto from "node:crypto";
import pg from "pg";
import type { Actor } from "../audit";
import { config } from "../config";
import { encryptValue } from "../crypto/envelope";
import { ForbiddenError } from "../errors";
import { keyring } from "../keys";
import { currentMac, nameMac, valueFingerprint, versionMac } from "./integrity";
import { NAME_MAX, parse, secretName } from "./schemas";

/**
 * Bulk creation of random secrets for demos and benchmarks (npm run seed,
 * npm run bench). Every secret gets exactly what createSecret gives it — a
 * fresh DEK under the active KEK, the three MACs, a version with its length
 * and fingerprint, an audit event — but a batch of them goes in with one
 * multi-row INSERT per table (unnest of arrays) in one transaction. Two
 * batches are in flight at once, so one is encrypted while the other is
 * written.
 */
export type SeedOptions = {
  count: number;
  /** Start of every name (the rest is random hex); default "seed_". */
  prefix?: string;
  batchSize?: number;
  actor?: Actor;
  /** Defaults to the configured database (the app role). */
  databaseUrl?: string;
  onProgress?: (done: number) => void;
};

const WORDS = ["stripe", "mailer", "billing", "backend", "payments", "search", "analytics", "webhook", "storage", "oauth", "legacy", "staging", "production", "partner", "internal", "reporting"];
const KINDS = ["API key", "token", "password", "signing secret", "client secret", "DSN", "private key"];

export async function seedSecrets(opts: SeedOptions): Promise<{ created: number; ms: number; names: string[] }> {
  const prefix = opts.prefix ?? "seed_";
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error("the number of secrets must be a whole number");
  if (prefix.length > NAME_MAX - 12) throw new Error(`the prefix may have at most ${NAME_MAX - 12} characters`);
  if (prefix) parse(secretName, prefix, "prefix");
  const batchSize = opts.batchSize ?? 2000;
  const actor = opts.actor ?? { id: "seed", source: "seed" };
  const ring = await keyring();
  const pool = new pg.Pool({ connectionString: opts.databaseUrl ?? config().databaseUrl, max: 2 });
  // An idle connection dropped by the server is not an error of the seed.
  pool.on("error", () => {});
  const started = performance.now();
  const names: string[] = [];
  try {
    const owners = await pool.query(`select 1 from users where role = 'owner' and disabled_at is null limit 1`);
    if (!owners.rowCount) throw new ForbiddenError("Create the owner account first (bin/secrets users create --role owner)");
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < opts.count) {
        const n = Math.min(batchSize, opts.count - next);
        next += n;
        const client = await pool.connect();
        try {
          await client.query("begin");
          const { rows } = await client.query<{ active_kek_id: string }>(`select active_kek_id from keyring where id = 1 for share`);
          const kek = { id: rows[0]!.active_kek_id, key: await ring.key(rows[0]!.active_kek_id) };
          const batch = build(n, prefix, ring.integrityKey, kek);
          await insert(client, batch, kek.id, actor);
          await client.query("commit");
          names.push(...batch.names);
        } catch (err) {
          await client.query("rollback").catch(() => {});
          throw err;
        } finally {
          client.release();
        }
        done += n;
        opts.onProgress?.(done);
      }
    };
    await Promise.all([worker(), worker()]);
    return { created: done, ms: performance.now() - started, names };
  } finally {
    await pool.end();
  }
}

type Batch = ReturnType<typeof build>;

function build(n: number, prefix: string, integrityKey: Buffer, kek: { key: Buffer }) {
  const b = {
    ids: [] as string[],
    names: [] as string[],
    nameKeys: [] as string[],
    descriptions: [] as string[],
    currentMacs: [] as Buffer[],
    nameMacs: [] as Buffer[],
    versionIds: [] as string[],
    ivs: [] as Buffer[],
    ciphertexts: [] as Buffer[],
    tags: [] as Buffer[],
    wrappedDeks: [] as Buffer[],
    versionMacs: [] as Buffer[],
    lengths: [] as number[],
    fingerprints: [] as string[],
  };
  const random = crypto.randomBytes(n * 8);
  for (let i = 0; i < n; i++) {
    const id = crypto.randomUUID();
    const versionId = crypto.randomUUID();
    const name = `${prefix}${crypto.randomBytes(6).toString("hex")}`;
    const value = crypto.randomBytes(24).toString("base64url");
    const enc = encryptValue(value, { secretId: id, versionId }, kek.key);
    const w = (k: number) => WORDS[random[i * 8 + k]! % WORDS.length]!;
    b.ids.push(id);
    b.names.push(name);
    b.nameKeys.push(name.toLowerCase());
    b.descriptions.push(`${w(0)} ${w(1)} ${KINDS[random[i * 8 + 2]! % KINDS.length]} (${w(3)})`);
    b.currentMacs.push(Buffer.from(currentMac(integrityKey, id, 1, versionId)));
    b.nameMacs.push(Buffer.from(nameMac(integrityKey, { nameKey: name.toLowerCase(), secretId: id, isAlias: false, expiresAt: null })));
    b.versionIds.push(versionId);
    b.ivs.push(enc.iv);
    b.ciphertexts.push(enc.ciphertext);
    b.tags.push(enc.authTag);
    b.wrappedDeks.push(enc.wrappedDek);
    b.versionMacs.push(Buffer.from(versionMac(integrityKey, id, 1, versionId)));
    b.lengths.push(Buffer.byteLength(value));
    b.fingerprints.push(valueFingerprint(integrityKey, id, value));
  }
  return b;
}

async function insert(client: pg.PoolClient, b: Batch, kekId: string, actor: Actor) {
  await client.query(
    `insert into secrets (id, name, name_key, description, current_version, version_mac, created_by, updated_by)
     select u.id, u.name, u.name_key, u.description, 1, u.mac, $6, $6
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bytea[]) as u(id, name, name_key, description, mac)`,
    [b.ids, b.names, b.nameKeys, b.descriptions, b.currentMacs, actor.id],
  );
  await client.query(
    `insert into secret_names (name_key, name, secret_id, mac)
     select * from unnest($1::text[], $2::text[], $3::uuid[], $4::bytea[])`,
    [b.nameKeys, b.names, b.ids, b.nameMacs],
  );
  await client.query(
    `insert into secret_versions (id, secret_id, version, kek_id, iv, ciphertext, auth_tag, wrapped_dek, mac, value_length, fingerprint, created_by)
     select u.id, u.secret_id, 1, $10, u.iv, u.ciphertext, u.auth_tag, u.wrapped_dek, u.mac, u.len, u.fp, $11
     from unnest($1::uuid[], $2::uuid[], $3::bytea[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[], $8::int[], $9::text[])
       as u(id, secret_id, iv, ciphertext, auth_tag, wrapped_dek, mac, len, fp)`,
    [b.versionIds, b.ids, b.ivs, b.ciphertexts, b.tags, b.wrappedDeks, b.versionMacs, b.lengths, b.fingerprints, kekId, actor.id],
  );
  await client.query(
    `insert into audit_events (actor, source, action, outcome, secret_id, secret_name, detail)
     select $3, $4, 'secret.create', 'allowed', u.id, u.name, '{"seeded": true}'::jsonb
     from unnest($1::uuid[], $2::text[]) as u(id, name)`,
    [b.ids, b.names, actor.id, actor.source ?? null],
  );
}
