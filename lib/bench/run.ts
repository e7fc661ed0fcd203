import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { open, randomKey, seal } from "../crypto/aead";
import { decryptValue, encryptValue } from "../crypto/envelope";
import { disconnectDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { resetConfig } from "../config";
import { migrate } from "../db/migrate";
import { createUser, hasOwner } from "../users/users";
import { setKeyring } from "../keys";
import { Keyring } from "../keys/keyring";
import { LocalRootKey } from "../keys/root-key";
import * as secrets from "../secrets/service";
import { countRead, flushReads } from "../secrets/usage";
import { benchApi } from "./api";
import { benchCli } from "./cli";
import { benchAudit } from "./audit";
import { benchList } from "./list";

/**
 * npm run bench: figures for the hot paths, each beside a baseline run in
 * this same process and session, so the ratio means something on any machine.
 */
const CONCURRENCY = 16;
const READS = Number(process.env.BENCH_READS ?? 20_000);
const SEED = 1_000;
const rows: [string, string, string][] = [];
const report = (what: string, figure: string, ratio = "") => {
  rows.push([what, figure, ratio]);
  console.log(`${what.padEnd(58)} ${figure.padStart(16)}  ${ratio}`);
};

async function timed(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await op(next++);
    }),
  );
  return n / ((performance.now() - start) / 1000);
}

function perOpMicros(n: number, op: () => void): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) op();
  return ((performance.now() - start) * 1000) / n;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-bench-"));
  const server = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir, port: 54000 + Math.floor(Math.random() * 900) });
  const url = process.env.DATABASE_URL ?? server!.url;
  process.env.DATABASE_URL = url;
  process.env.SECRETS_DB_POOL_MAX = String(CONCURRENCY);
  resetConfig();
  try {
    await migrate(server?.ownerUrl ?? url);
    const rootKey = crypto.randomBytes(32);
    const ring = new Keyring(new LocalRootKey(rootKey));
    await ring.load();
    setKeyring(ring);
    const actor = { id: "bench", source: "bench" };
    // Secrets need an owner to exist.
    if (!(await hasOwner())) await createUser(actor, { email: "bench-owner@example.invalid", role: "owner" });
    const run = crypto.randomBytes(3).toString("hex");
    const names = Array.from({ length: SEED }, (_, i) => `BENCH_${run}_${i}`);

    console.log(`Node ${process.version}, ${os.cpus().length} cores; ${CONCURRENCY} concurrent; ${READS} reads\n`);
    // BENCH_ONLY=list runs just the secrets list section; BENCH_ONLY=api just the REST API under load; BENCH_ONLY=cli just bin/secrets.
    if (process.env.BENCH_ONLY === "list") return await listSection(server);
    if (process.env.BENCH_ONLY === "cli") {
      await secrets.createSecret(actor, { name: names[0]!, value: `value-of-${names[0]}` });
      return await benchCli({ url, ownerUrl: server?.ownerUrl ?? url, rootKey, name: names[0]!, run, report });
    }
    if (process.env.BENCH_ONLY === "api") {
      for (const name of names.slice(0, 100)) await secrets.createSecret(actor, { name, value: `value-of-${name}` });
      return await benchApi({ url, ownerUrl: server?.ownerUrl ?? url, rootKey, ring, names: names.slice(0, 100), report });
    }

    // Crypto: envelope (fresh DEK + wrap) against one bare AES-GCM seal/open.
    const kek = randomKey();
    const value = crypto.randomBytes(768).toString("base64"); // 1 KiB
    const bare = perOpMicros(20_000, () => {
      const key = randomKey();
      const s = seal(key, Buffer.from(value), Buffer.from("aad"));
      open(key, s, Buffer.from("aad"));
    });
    const binding = { secretId: crypto.randomUUID(), versionId: crypto.randomUUID() };
    const env = perOpMicros(20_000, () => decryptValue(encryptValue(value, binding, kek), binding, kek));
    report("baseline: AES-256-GCM seal+open, 1 KiB", `${bare.toFixed(1)} µs/op`);
    report("envelope encrypt+decrypt (DEK + KEK wrap), 1 KiB", `${env.toFixed(1)} µs/op`, `${(env / bare).toFixed(2)}x baseline`);

    // Writes.
    const createStart = performance.now();
    for (const name of names) await secrets.createSecret(actor, { name, value: `${value}-${name}` });
    const createMs = (performance.now() - createStart) / SEED;
    report(`createSecret, sequential (${SEED})`, `${createMs.toFixed(2)} ms/op`);

    // Reads: the service (audited, counted, decrypted) against raw pg doing the
    // same lookup and decryption without the audit insert.
    const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
    type Row = { secret_id: string; version_id: string; kek_id: string; iv: Buffer; ciphertext: Buffer; auth_tag: Buffer; wrapped_dek: Buffer };
    const decryptRow = async (row: Row) =>
      decryptValue(
        { iv: row.iv, ciphertext: row.ciphertext, authTag: row.auth_tag, wrappedDek: row.wrapped_dek },
        { secretId: row.secret_id, versionId: row.version_id },
        await ring.key(row.kek_id),
      );
    const raw = await timed(READS, CONCURRENCY, async (i) => {
      const { rows: r } = await pool.query<Row>(
        `with n as materialized (select secret_id from secret_names where name_key = $1)
         select s.id as secret_id, v.id as version_id, v.kek_id, v.iv, v.ciphertext, v.auth_tag, v.wrapped_dek
         from n join secrets s on s.id = n.secret_id and s.deleted_at is null
         join secret_versions v on v.secret_id = s.id and v.version = s.current_version`,
        [names[i % SEED]!.toLowerCase()],
      );
      await decryptRow(r[0]!);
    });
    report("baseline: raw pg select + decrypt (no audit)", `${Math.round(raw)} reads/s`);
    const rawAudited = await timed(READS, CONCURRENCY, async (i) => {
      const { rows: r } = await pool.query<Row>(
        `with n as materialized (select secret_id from secret_names where name_key = $1),
         found as (select s.id as secret_id, s.name, v.id as version_id, v.kek_id, v.iv, v.ciphertext, v.auth_tag, v.wrapped_dek
           from n join secrets s on s.id = n.secret_id and s.deleted_at is null
           join secret_versions v on v.secret_id = s.id and v.version = s.current_version),
         logged as (insert into audit_events (actor, action, outcome, secret_id, secret_name)
           select 'bench', 'secret.read', 'allowed', secret_id, name from found returning id)
         select found.* from found, logged`,
        [names[i % SEED]!.toLowerCase()],
      );
      await decryptRow(r[0]!);
    });
    report("baseline: raw pg select + audit insert + decrypt", `${Math.round(rawAudited)} reads/s`, `${(rawAudited / raw).toFixed(2)}x no-audit`);
    const svc = await timed(READS, CONCURRENCY, (i) => secrets.getSecretValue(actor, names[i % SEED]!));
    report("getSecretValue (audited in the same statement, counted)", `${Math.round(svc)} reads/s`, `${(svc / rawAudited).toFixed(2)}x raw audited, ${(svc / raw).toFixed(2)}x no-audit`);
    const flushStart = performance.now();
    await flushReads();
    report("usage counters: one batched flush after the read run", `${(performance.now() - flushStart).toFixed(1)} ms`);
    const tally = perOpMicros(100_000, () => countRead(crypto.randomUUID(), "bench", "bench"));
    const perRead = 1e6 / svc;
    report("usage counters: in-memory tally per read", `${tally.toFixed(2)} µs/op`, `${((tally / perRead) * 100).toFixed(2)}% of a read`);
    await flushReads();
    await pool.end();

    const listStart = performance.now();
    const { secrets: list } = await secrets.listSecretInfo();
    report(`listSecretInfo (${list.length} secrets)`, `${(performance.now() - listStart).toFixed(1)} ms`);

    // The CLI as a user runs it, local and remote mode, beside bare Node start-up.
    await benchCli({ url, ownerUrl: server?.ownerUrl ?? url, rootKey, name: names[0]!, run, report });

    console.log("\nREST API under load (autocannon, loopback), against a bare reference in the same session:");
    await benchApi({ url, ownerUrl: server?.ownerUrl ?? url, rootKey, ring, names, report });

    await listSection(server);
    // The audit log at BENCH_AUDIT_ROWS events (10000000 for the target) beside 10,000: seeding takes minutes, so only when asked.
    if (process.env.BENCH_AUDIT_ROWS && server) await benchAudit({ url: server.url, ownerUrl: server.ownerUrl, adminUrl: server.adminUrl }, report);
  } finally {
    await disconnectDb();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function listSection(server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined) {
  if (!server) {
    console.log("\nSecrets list at 100 and 100,000 secrets: skipped (it creates its own databases; run without DATABASE_URL)");
    return;
  }
  await benchList({ url: server.url, ownerUrl: server.ownerUrl, adminUrl: server.adminUrl }, report);
}

await main();
