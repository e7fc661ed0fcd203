// The bench's bare reference (environment.md, "per-request overhead"): a plain
// Node http server that reads one secret's current version by name from
// PostgreSQL with raw pg and opens its AES-256-GCM envelope — no token, no
// audit row, no counters, no checks. It answers GET /api/v1/secrets/name/NAME
// like the real API, so the same load runs against both. Bench only: the
// unwrapped KEKs arrive in BENCH_KEKS (generated for the run).
import crypto from "node:crypto";
import http from "node:http";
import pg from "pg";

const keks = new Map(Object.entries(JSON.parse(process.env.BENCH_KEKS)).map(([id, k]) => [id, Buffer.from(k, "base64")]));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.SECRETS_API_POOL_MAX ?? 10), options: "-c synchronous_commit=off" });
// With BENCH_BARE_AUDIT=1 the same statement also inserts the read's audit row (the work a bare server cannot skip here).
const AUDIT = process.env.BENCH_BARE_AUDIT === "1";
const SQL = {
  name: "bare-read",
  text: AUDIT
    ? `with n as materialized (select secret_id from secret_names where name_key = $1),
       found as (select s.id as secret_id, s.name, v.id as version_id, v.kek_id, v.iv, v.ciphertext, v.auth_tag, v.wrapped_dek
         from n join secrets s on s.id = n.secret_id and s.deleted_at is null
         join secret_versions v on v.secret_id = s.id and v.version = s.current_version),
       logged as (insert into audit_events (actor, action, outcome, secret_id, secret_name)
         select 'bench', 'secret.read', 'allowed', secret_id, name from found returning id)
       select found.* from found, logged`
    : `with n as materialized (select secret_id from secret_names where name_key = $1)
       select s.id as secret_id, v.id as version_id, v.kek_id, v.iv, v.ciphertext, v.auth_tag, v.wrapped_dek
       from n join secrets s on s.id = n.secret_id and s.deleted_at is null
       join secret_versions v on v.secret_id = s.id and v.version = s.current_version`,
};
// The same commit setting as the API's pool (lib/db/pool.ts).


function open(key, iv, data, tag, aad) {
  const d = crypto.createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  d.setAAD(aad);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(data), d.final()]);
}

http
  .createServer(async (req, res) => {
    try {
      const name = decodeURIComponent(req.url.split("?")[0].slice("/api/v1/secrets/name/".length)).toLowerCase();
      const { rows } = await pool.query({ ...SQL, values: [name] });
      const r = rows[0];
      if (!r) return res.writeHead(404).end("{}");
      const b = `${r.secret_id}/${r.version_id}`;
      const w = r.wrapped_dek;
      const dek = open(keks.get(r.kek_id), w.subarray(0, 12), w.subarray(12, 44), w.subarray(44), Buffer.from(`secret-dek/v1/${b}`));
      const value = open(dek, r.iv, r.ciphertext, r.auth_tag, Buffer.from(`secret-value/v1/${b}`)).toString("utf8");
      const body = JSON.stringify({ value });
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) }).end(body);
    } catch {
      res.writeHead(500).end("{}");
    }
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
